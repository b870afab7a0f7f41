"""The four stages (read, filter, derive, render) alone and composed, and the settings every command reads."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ALEX, REPO, Build

from generator.audience import FILTERED_FIELDS, KEPT_FIELDS, for_audience, parse_audience
from generator.errors import HandbookError
from generator.model import Handbook
from generator.options import read_settings, settings_from
from generator.pages import Options, generated_uris
from generator.render import make_environment
from generator.site import build_site, derive, filter_for, read_content, render_pages
from generator.withheld import Withheld

TODAY = dt.date(2026, 11, 24)
EXAMPLE = REPO / "content"


def test_every_field_of_the_handbook_is_filtered_or_deliberately_kept() -> None:
    # A new field fails here until someone decides whether for_audience narrows it.
    names = {f.name for f in dataclasses.fields(Handbook)}
    assert not FILTERED_FIELDS & KEPT_FIELDS
    assert names == FILTERED_FIELDS | KEPT_FIELDS


def test_a_filtered_handbook_narrows_every_filtered_field_and_keeps_the_rest(tmp_path: Path) -> None:
    files = {
        "people/alex-kim.md": "---\nname: Alex Kim\nrelationship: report\ncadence: weekly\n---\n",
        "people/sam-lee.md": "---\nname: Sam Lee\nrelationship: report\ncadence: weekly\nvisibility: private\n---\n",
        "people/broken.md": "---\nname: [\n---\n",
        "notes/2026-11-20-alex-kim.md": "---\nperson: alex-kim\ndate: 2026-11-20\nasked: [oq]\n---\n",
        "notes/2026-11-20-sam-lee.md": "---\nperson: sam-lee\ndate: 2026-11-20\n---\n",
        "guidance/ours.md": "# Ours\n",
        "guidance/mine.md": "---\nvisibility: private\n---\n# Mine\n",
        "questions/ours.md": "- Open question? {#oq}\n",
        "questions/mine.md": "---\nvisibility: private\n---\n- Secret question? {#sq}\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    everything = read_content(tmp_path).handbook
    shared = for_audience(everything, parse_audience("person:alex-kim"))
    for name in KEPT_FIELDS:
        assert getattr(shared, name) == getattr(everything, name), name
    for name in FILTERED_FIELDS:
        assert 0 < len(getattr(shared, name)) < len(getattr(everything, name)), name
    assert everything.left_out == {"people/broken.md"}
    assert [q.text for q in shared.questions] == ["Open question?"]


def test_a_private_question_list_keeps_its_questions_out_of_shared_builds(tmp_path: Path) -> None:
    (tmp_path / "questions").mkdir()
    (tmp_path / "questions" / "mine.md").write_text("---\nvisibility: private\n---\n- Secret question? {#sq}\n")
    (tmp_path / "questions" / "ours.md").write_text("- Open question? {#oq}\n")
    everything = read_content(tmp_path).handbook
    assert {q.id for q in everything.questions} == {"sq", "oq"}
    assert {q.id for q in for_audience(everything, parse_audience("team")).questions} == {"oq"}


@pytest.mark.parametrize("audience", ["owner", "team", "person:alex-kim"])
def test_the_stages_compose_to_build_site(audience: str) -> None:
    env = make_environment(None)
    who = parse_audience(audience)
    site = build_site(EXAMPLE, None, audience=who, today=TODAY, env=env)
    filtered = filter_for(read_content(EXAMPLE), who)
    derived = derive(filtered, Options(today=TODAY, show_problems=who.is_owner))
    pages = render_pages(filtered, derived, env)
    assert [(p.src_uri, p.markdown) for p in pages] == [(p.src_uri, p.markdown) for p in site.pages]
    assert site.withheld == filtered.withheld


@pytest.mark.parametrize("audience", ["owner", "team", "person:alex-kim"])
def test_generated_uris_are_where_the_generated_pages_are(audience: str) -> None:
    filtered = filter_for(read_content(EXAMPLE), parse_audience(audience))
    derived = derive(filtered, Options(today=TODAY))
    pages = render_pages(filtered, derived, make_environment(None))
    assert [p.src_uri for p in pages if not p.own] == generated_uris(filtered.handbook)


def test_derive_gives_facts_per_person_for_what_the_audience_may_see() -> None:
    loaded = read_content(EXAMPLE)
    owner = derive(filter_for(loaded, parse_audience("owner")), Options(today=TODAY))
    alex = derive(filter_for(loaded, parse_audience("person:alex-kim")), Options(today=TODAY))
    assert set(alex.facts) == {"alex-kim"}
    assert len(owner.facts) == len(loaded.handbook.people)
    assert alex.facts["alex-kim"].meetings
    assert alex.dashboard.today == TODAY


def test_withheld_is_every_file_the_audience_gets_no_page_for() -> None:
    loaded = read_content(EXAMPLE)
    filtered = filter_for(loaded, parse_audience("person:alex-kim"))
    notes = {m.source.src_uri for m in loaded.handbook.meetings}
    published = {m.source.src_uri for m in filtered.handbook.meetings}
    assert published and notes - published
    assert filtered.withheld & notes == notes - published
    assert "people/priya-nair.md" in filtered.withheld
    assert "people/alex-kim.md" not in filtered.withheld
    assert filter_for(loaded, parse_audience("owner")).withheld == frozenset()


def test_a_page_of_your_own_at_a_generated_address_is_withheld_with_a_problem(tmp_path: Path) -> None:
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "alex-kim.md").write_text("---\nname: Alex Kim\nrelationship: report\ncadence: weekly\n---\n")
    (tmp_path / "topics.md").write_text("# My topics\n")
    (tmp_path / "people.md").write_text("# My people\n")
    filtered = filter_for(read_content(tmp_path), parse_audience("owner"))
    assert filtered.withheld == {"people.md"}  # topics.md is where the generated topics page is served
    assert [str(p) for p in filtered.problems] == [
        "content/people.md: would be served at /people/, where the generated page people/index.md is; left out "
        "(rename or move this page)",
        "content/topics.md: would be served at /topics/, where the generated page topics.md is; left out "
        "(rename or move this page)",
    ]


def test_read_content_never_reads_under_a_folder_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# Secret\n")
    content = tmp_path / "content"
    content.mkdir()
    (content / "linked").symlink_to(outside)
    loaded = read_content(content, ["linked/secret.md"])
    assert loaded.src_uris == ()
    assert loaded.unsafe == {"linked"}
    assert [p.path for p in loaded.problems] == ["content/linked"]


def test_a_person_build_shows_the_question_text_under_asked(
    make_handbook: Callable[..., Path], build: Callable[..., Build]
) -> None:
    project = make_handbook({
        "people/alex-kim.md": ALEX,
        "questions/reports.md": """
            - What gave you energy this week? {#energy}
        """,
        "notes/2026/2026-11-20-alex-kim.md": """
            ---
            person: alex-kim
            date: 2026-11-20
            asked: [energy]
            ---
            We talked.
        """,
    })
    for audience in ("owner", "person:alex-kim"):
        result = build(project, HANDBOOK_AUDIENCE=audience)
        assert result.returncode == 0, result.log
        note = result.html("notes/2026/2026-11-20-alex-kim/")
        assert "What gave you energy this week?" in note, audience
        assert 'href="../../../questions/reports/#energy"' in note, audience
        assert ">energy<" not in note


def test_withheld_checks_pages_and_files_for_non_owner_builds() -> None:
    team = Withheld(parse_audience("team"), "content")
    team.start(frozenset({"notes/secret.md"}))
    html = team.checked_html('<a href="../secret/">x</a><img src="../../files/plan.pdf">', "notes/a.md", "notes/a/index.html")
    assert html == '<a>x</a><img src="../../files/plan.pdf">'
    assert team.may_copy("files/plan.pdf", "files/plan.pdf", named=())
    assert not team.may_copy("files/other.pdf", "files/other.pdf", named=())
    assert team.may_copy("extra.css", "extra.css", named={"extra.css"})
    with pytest.raises(HandbookError, match='content/notes/a.md: holds an element with the class "private"'):
        team.checked_html('<div class="private">x</div>', "notes/a.md", "notes/a/index.html")
    owner = Withheld(parse_audience("owner"), "content")
    owner.start(frozenset({"notes/secret.md"}))
    assert owner.checked_html('<div class="private">x</div>', "a.md", "a/index.html") == '<div class="private">x</div>'
    assert owner.may_copy("files/other.pdf", "files/other.pdf", named=())


MKDOCS_WITH_TAGS = """\
site_name: X
docs_dir: notes-folder
plugins:
  - search
  - handbook:
      audience: team
      today: 2026-11-24
      long_term_topics: [career]
      templates_dir: my-templates
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
  - toc:
      permalink: !ENV [NO_SUCH_VARIABLE_HERE, true]
"""


def test_read_settings_reads_the_plugin_options_as_the_plugin_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HANDBOOK_AUDIENCE", raising=False)
    monkeypatch.delenv("HANDBOOK_ALLOW_WIDER", raising=False)
    monkeypatch.delenv("HANDBOOK_TODAY", raising=False)
    config = tmp_path / "site.yml"
    config.write_text(MKDOCS_WITH_TAGS)
    settings = read_settings(config)
    assert str(settings.audience) == "team"
    assert settings.today == TODAY
    assert settings.long_term_topics == ("career",)
    assert settings.templates_dir == tmp_path.resolve() / "my-templates"
    assert settings.content_dir == tmp_path.resolve() / "notes-folder"
    assert settings.display_prefix == "notes-folder"
    monkeypatch.setenv("HANDBOOK_AUDIENCE", "owner")
    with pytest.raises(HandbookError, match="wider audience than the configured audience team"):
        read_settings(config)  # as the plugin refuses it
    monkeypatch.setenv("HANDBOOK_ALLOW_WIDER", "1")
    assert str(read_settings(config).audience) == "owner"


def test_read_settings_takes_the_plugin_as_a_bare_name_or_in_a_mapping(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: X\nplugins:\n  - handbook\n")
    settings = read_settings(config)
    assert settings.content_dir == tmp_path.resolve() / "docs"  # MkDocs' default docs_dir
    assert settings.long_term_topics == ("career", "growth", "the-future")
    config.write_text("site_name: X\nplugins:\n  search: {}\n  handbook:\n    audience: person:alex-kim\n")
    assert str(read_settings(config).audience) == "person:alex-kim"


@pytest.mark.parametrize(
    ("yml", "message"),
    [
        ("plugins: [search]\n", "does not use the handbook plugin; add `- handbook` under plugins"),
        ("plugins:\n  - handbook:\n      audience: [team]\n", "plugins: handbook: audience: expected owner, team or"),
        ("plugins:\n  - handbook:\n      audience: everyone\n", 'audience: expected owner, team or person:<slug>; got "everyone"'),
        ("plugins:\n  - handbook:\n      long_term_topics: career\n", "long_term_topics: expected a list of topics"),
        ("plugins:\n  - handbook:\n      today: tomorrow\n", 'today: expected a date like 2026-11-24; got "tomorrow"'),
        ("plugins:\n  - handbook:\n      audiense: team\n", "unknown option 'audiense'"),
        ("plugins:\n  - handbook: team\n", "expected its options as a mapping"),
        ("- just a list\n", "expected the settings of a site"),
        ("plugins: [\n", "is not valid YAML"),
    ],
)
def test_read_settings_names_what_is_wrong(tmp_path: Path, yml: str, message: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HANDBOOK_AUDIENCE", raising=False)
    monkeypatch.delenv("HANDBOOK_TODAY", raising=False)
    config = tmp_path / "mkdocs.yml"
    config.write_text(yml)
    with pytest.raises(HandbookError, match=None) as caught:
        read_settings(config)
    assert message in caught.value.message


def test_the_plugin_and_read_settings_agree_on_the_repository_example(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HANDBOOK_AUDIENCE", raising=False)
    monkeypatch.setenv("HANDBOOK_TODAY", "2026-11-24")
    from mkdocs.config import load_config

    config = load_config(str(REPO / "mkdocs.yml"))
    plugin = config.plugins["handbook"]
    plugin.on_config(config)
    assert plugin.settings == read_settings(REPO / "mkdocs.yml")  # type: ignore[attr-defined]
    assert plugin.settings == settings_from(  # type: ignore[attr-defined]
        {"audience": "owner", "long_term_topics": ["career", "growth", "the-future"]},
        config_file=REPO / "mkdocs.yml",
        docs_dir="content",
    )


def test_the_layout_names_every_file_the_handbook_reads_and_writes() -> None:
    from generator import layout

    assert layout.note_file("alex-kim", dt.date(2026, 11, 20)) == "notes/2026/2026-11-20-alex-kim.md"
    assert layout.person_file("alex-kim") == "people/alex-kim.md"
    assert layout.person_slug("people/alex-kim.md") == "alex-kim"
    assert layout.person_slug("people/team/alex-kim.md") is None
    assert layout.person_slug("notes/alex-kim.md") is None
    assert layout.is_note("notes/2026/x.md") and not layout.is_note("notes.md")
    assert layout.question_list_file("reports") == "questions/reports.md"
    assert layout.question_list_slug("questions/reports.md") == "reports"
    assert layout.question_list_slug("questions/index.md") is None
    assert layout.question_address("reports", "energy") == "questions/reports.md#energy"
    assert layout.folder_of("guidance/x.md") == "guidance" and layout.folder_of("guidance.md") == ""
    # The reader files what it reads by the same rules.
    loaded = read_content(EXAMPLE)
    assert {layout.person_file(slug) for slug in loaded.handbook.people} == {
        uri for uri in loaded.src_uris if layout.person_slug(uri) is not None
    }
    assert all(layout.is_note(m.source.src_uri) for m in loaded.handbook.meetings)


def test_the_plugin_reads_a_plain_yaml_date_for_today(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HANDBOOK_AUDIENCE", raising=False)
    monkeypatch.delenv("HANDBOOK_TODAY", raising=False)
    from mkdocs.config import load_config

    (tmp_path / "content").mkdir()
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text("site_name: X\ndocs_dir: content\nplugins:\n  - handbook:\n      today: 2026-11-24\n")
    config = load_config(str(config_file))
    plugin = config.plugins["handbook"]
    plugin.on_config(config)
    assert plugin.settings == read_settings(config_file)  # type: ignore[attr-defined]
    assert plugin.settings.today == TODAY  # type: ignore[attr-defined]
