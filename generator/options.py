"""Build settings shared by the MkDocs plugin and the CLI: the handbook plugin's options in mkdocs.yml.

The plugin gets its options from MkDocs; a command reads the same
``mkdocs.yml`` with :func:`read_settings`. Both end in :func:`settings_from`,
so an option means the same, and is checked the same way, everywhere.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .audience import Audience, parse_audience
from .errors import HandbookError
from .facts import DEFAULT_LONG_TERM_TOPICS
from .parse import FIRST_YEAR, LAST_YEAR

AUDIENCE_VARIABLE = "HANDBOOK_AUDIENCE"
ALLOW_WIDER_VARIABLE = "HANDBOOK_ALLOW_WIDER"
TODAY_VARIABLE = "HANDBOOK_TODAY"
PLUGIN_NAME = "handbook"
DEFAULT_CONFIG_FILE = "mkdocs.yml"
DEFAULT_DOCS_DIR = "docs"
"""MkDocs' own default for ``docs_dir``."""

REQUIRED_EXTENSIONS = (
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tasklist",
)
"""Markdown extensions the generated pages and private sections are written for; added when missing."""

DEFAULT_OPTIONS: dict[str, object] = {
    "audience": "owner",
    "templates_dir": "templates",
    "long_term_topics": list(DEFAULT_LONG_TERM_TOPICS),
    "today": None,
    "cache": True,
}
"""The handbook plugin's options and their defaults."""


@dataclass(frozen=True)
class Settings:
    """What a build of one handbook is told: its options, resolved against the environment and mkdocs.yml."""

    audience: Audience
    """Whom the build is for; ``HANDBOOK_AUDIENCE`` wins over the ``audience`` option."""
    today: dt.date
    """The date facts are computed for; ``HANDBOOK_TODAY`` wins over the ``today`` option."""
    long_term_topics: tuple[str, ...]
    """Topics that count as long-term, heart-to-heart conversations."""
    templates_dir: Path
    """The handbook's own templates (they override the packaged ones), absolute."""
    content_dir: Path
    """The content folder (MkDocs' ``docs_dir``), absolute."""
    display_prefix: str
    """How messages name the content folder: relative to mkdocs.yml when it lies under it."""
    cache: bool = True
    """Whether rendered pages are kept in ``.cache/handbook`` beside mkdocs.yml and reused while unchanged."""


def resolve_audience(configured: str | None) -> Audience:
    """The build's audience: ``HANDBOOK_AUDIENCE`` wins over the configured value; owner by default.

    The variable may narrow the configured audience (an owner's handbook
    built for ``team``), never widen it without consent: a ``team`` handbook
    built for ``owner`` (or for one person, whom a team build does not
    speak for) stops unless ``HANDBOOK_ALLOW_WIDER=1`` says it is meant.
    """
    value = os.environ.get(AUDIENCE_VARIABLE)
    if value is not None and not value.strip():
        # A script's unset variable must not turn a shared build into the owner's, with everything in it.
        raise HandbookError(
            f"{AUDIENCE_VARIABLE} is set but empty; expected owner, team or person:<slug> (unset it for an owner build)"
        )
    configured_audience = parse_audience(configured or "owner")
    if value is None:
        return configured_audience
    chosen = parse_audience(value)
    if widens(chosen, configured_audience) and os.environ.get(ALLOW_WIDER_VARIABLE, "").strip() != "1":
        raise HandbookError(
            f"{AUDIENCE_VARIABLE}={chosen} would build for a wider audience than the configured audience "
            f"{configured_audience} (mkdocs.yml): it may hold what a {configured_audience} build leaves out; "
            f"build stopped (set {ALLOW_WIDER_VARIABLE}=1 as well if that is what you mean)"
        )
    return chosen


def widens(chosen: Audience, configured: Audience) -> bool:
    """Whether ``chosen`` may read something ``configured`` may not.

    Owner reads everything; team and person builds, or two person builds,
    each read something the other does not, so a change between them widens.
    """
    return chosen != configured and not configured.is_owner


def audience_notice(audience: Audience) -> str:
    """The line every build logs first: who it is for, and whether the environment said so."""
    source = f" (from {AUDIENCE_VARIABLE})" if AUDIENCE_VARIABLE in os.environ else ""
    return f"handbook: building for audience {audience}{source}"


def resolve_today(configured: str | None) -> dt.date:
    """Today, or a fixed date from ``HANDBOOK_TODAY`` / the ``today`` option, for reproducible builds."""
    from_variable = os.environ.get(TODAY_VARIABLE)
    value = from_variable or configured
    if not value:
        return dt.date.today()
    name = TODAY_VARIABLE if from_variable else "today"
    try:
        today = dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise HandbookError(f'{name}: expected a date like 2026-11-24; got "{value}"') from None
    if not FIRST_YEAR <= today.year <= LAST_YEAR:
        # Date arithmetic (90 days back, a cadence ahead) overflows at the ends of the calendar.
        raise HandbookError(f'{name}: expected a date from {FIRST_YEAR} to {LAST_YEAR}; got "{value}"')
    return today


def settings_from(options: Mapping[str, Any], *, config_file: Path, docs_dir: str | Path) -> Settings:
    """The settings for the handbook plugin's ``options`` in ``config_file``, whose content folder is ``docs_dir``.

    Relative paths are read from the folder of ``config_file``, as MkDocs does.
    Raises :class:`HandbookError` naming the option at fault.
    """
    unknown = sorted(set(options) - set(DEFAULT_OPTIONS))
    if unknown:
        raise HandbookError(
            f"{config_file}: plugins: {PLUGIN_NAME}: unknown option {unknown[0]!r}; "
            f"expected {', '.join(DEFAULT_OPTIONS)}"
        )
    values = {**DEFAULT_OPTIONS, **options}
    audience, templates, today = values["audience"], values["templates_dir"], values["today"]
    topics = values["long_term_topics"]
    if not isinstance(audience, str):
        raise _bad_option(config_file, "audience", "owner, team or person:<slug>", audience)
    if not isinstance(templates, str):
        raise _bad_option(config_file, "templates_dir", "a folder, relative to mkdocs.yml", templates)
    if not isinstance(topics, list) or not all(isinstance(topic, str) for topic in topics):
        raise _bad_option(config_file, "long_term_topics", "a list of topics, e.g. [career, growth]", topics)
    if isinstance(today, dt.date):  # YAML reads an unquoted 2026-11-24 as a date
        today = today.isoformat()
    if today is not None and not isinstance(today, str):
        raise _bad_option(config_file, "today", "a date like 2026-11-24", today)
    if not isinstance(values["cache"], bool):
        raise _bad_option(config_file, "cache", "true or false", values["cache"])
    config_dir = config_file.resolve().parent
    content_dir = (config_dir / docs_dir).resolve()
    prefix = os.path.relpath(content_dir, config_dir)
    return Settings(
        audience=resolve_audience(audience),
        today=resolve_today(today),
        long_term_topics=tuple(topics),
        templates_dir=config_dir / templates,
        content_dir=content_dir,
        display_prefix=Path(prefix).as_posix() if not prefix.startswith("..") else str(content_dir),
        cache=values["cache"],
    )


def read_config(config_file: Path) -> dict[str, Any]:
    """The settings in ``config_file`` (an ``mkdocs.yml``) as plain data; tags other than ``!ENV`` are ignored."""
    try:
        text = config_file.read_text(encoding="utf-8-sig")
    except OSError as exc:
        reason = exc.strerror or exc
        raise HandbookError(f"{config_file}: cannot be read ({reason}); pass -f path/to/mkdocs.yml") from None
    try:
        config = yaml.load(text, Loader=_ConfigLoader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise HandbookError(f"{config_file}: is not valid YAML: {exc}") from None
    if not isinstance(config, dict):
        raise HandbookError(f"{config_file}: expected the settings of a site (site_name: ..., plugins: ...)")
    return config


def settings_in(config: Mapping[str, Any], config_file: Path) -> Settings:
    """The settings of the handbook that ``config`` (read from ``config_file``) builds, as the plugin reads them.

    Raises :class:`HandbookError` when it does not use the handbook plugin or an option is wrong.
    """
    options = _plugin_options(config.get("plugins"), config_file)
    docs_dir = config.get("docs_dir", DEFAULT_DOCS_DIR)
    if not isinstance(docs_dir, str):
        raise HandbookError(f"{config_file}: docs_dir: expected a folder; got {docs_dir!r:.60}")
    return settings_from(options, config_file=config_file, docs_dir=docs_dir)


def read_settings(config_file: Path) -> Settings:
    """The settings of the handbook that ``config_file`` (an ``mkdocs.yml``) builds."""
    return settings_in(read_config(config_file), config_file)


def default_settings(content_dir: Path) -> Settings:
    """Settings for a content folder without an mkdocs.yml: the options' defaults and the environment."""
    return settings_from({}, config_file=Path.cwd() / DEFAULT_CONFIG_FILE, docs_dir=content_dir)


def with_content_dir(settings: Settings, content_dir: Path) -> Settings:
    """``settings`` for another content folder (``--content``), named in messages as given."""
    return dataclasses.replace(settings, content_dir=content_dir.resolve(), display_prefix=content_dir.as_posix())


def site_warnings(config: Mapping[str, Any]) -> list[str]:
    """:func:`theme_warnings` for the settings ``config`` read from an mkdocs.yml."""
    theme = config.get("theme")
    name, font = (theme.get("name"), theme.get("font")) if isinstance(theme, dict) else (theme, None)
    plugins = config.get("plugins")
    names = [next(iter(p)) if isinstance(p, dict) and p else p for p in plugins] if isinstance(plugins, list) else []
    names += list(plugins) if isinstance(plugins, dict) else []
    has_tags = any(n in ("tags", "material/tags") for n in names)
    return theme_warnings("mkdocs" if name is None else str(name), has_tags, font)  # MkDocs' default theme


def _plugin_options(plugins: object, config_file: Path) -> dict[str, Any]:
    """The handbook entry's options in an mkdocs.yml ``plugins`` setting (a list or a mapping)."""
    entries: list[tuple[object, object]] = []
    if isinstance(plugins, list):
        for item in plugins:
            if isinstance(item, dict):
                entries.extend(item.items())
            else:
                entries.append((item, None))
    elif isinstance(plugins, dict):
        entries = list(plugins.items())
    for name, options in entries:
        if name != PLUGIN_NAME:
            continue
        if options is None:
            return {}
        if not isinstance(options, dict):
            raise HandbookError(
                f"{config_file}: plugins: {PLUGIN_NAME}: expected its options as a mapping (audience: team); "
                f"got {options!r:.60}"
            )
        return {str(key): value for key, value in options.items()}
    raise HandbookError(f"{config_file}: does not use the handbook plugin; add `- {PLUGIN_NAME}` under plugins")


def _bad_option(config_file: Path, name: str, expected: str, got: object) -> HandbookError:
    return HandbookError(f"{config_file}: plugins: {PLUGIN_NAME}: {name}: expected {expected}; got {got!r:.60}")


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as data: ``!ENV`` as MkDocs reads it, any other tag (``!!python/name:``) as its plain value.

    Nothing is imported or called: a tag only names what MkDocs would make of
    the value, and the handbook's options never need it.
    """


def _construct_env(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    """``!ENV NAME`` or ``!ENV [NAME, OTHER, default]``: the first variable set, else the default (or None)."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    elif isinstance(node, yaml.SequenceNode) and node.value:
        items = [loader.construct_object(child) for child in node.value]
        names, default = items[:-1] if len(items) > 1 else items, items[-1] if len(items) > 1 else None
    else:
        return None
    for name in names:
        value = os.environ.get(str(name))
        if value is not None:
            return yaml.safe_load(value) if value else value
    return default


def _construct_plain(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_ConfigLoader.add_constructor("!ENV", _construct_env)
_ConfigLoader.add_multi_constructor("", _construct_plain)


def theme_warnings(theme: str | None, has_tags_plugin: bool, font: object) -> list[str]:
    """What a site's theme settings keep from working: the pages are written for Material, without web fonts."""
    if theme != "material":
        return [
            f'handbook: theme "{theme}" cannot show topics as tags; set theme.name: material in mkdocs.yml'
        ]
    warnings = []
    if not has_tags_plugin:
        warnings.append(
            "handbook: topics show as tags on notes and in search only with Material's tags plugin; "
            "add `- tags` to plugins in mkdocs.yml"
        )
    if font is not False:
        warnings.append(
            "handbook: Material loads its fonts from Google unless told not to, so the site would make requests "
            "outside itself; set theme.font: false in mkdocs.yml"
        )
    return warnings
