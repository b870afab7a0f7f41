"""Build settings shared by the MkDocs plugin and the CLI: audience and today's date."""

from __future__ import annotations

import datetime as dt
import os

from .audience import Audience, parse_audience
from .errors import HandbookError
from .parse import FIRST_YEAR, LAST_YEAR

AUDIENCE_VARIABLE = "HANDBOOK_AUDIENCE"
ALLOW_WIDER_VARIABLE = "HANDBOOK_ALLOW_WIDER"
TODAY_VARIABLE = "HANDBOOK_TODAY"


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
