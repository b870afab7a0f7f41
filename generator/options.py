"""Build settings shared by the MkDocs plugin and the CLI: audience and today's date."""

from __future__ import annotations

import datetime as dt
import os

from .audience import Audience, parse_audience
from .errors import HandbookError

AUDIENCE_VARIABLE = "HANDBOOK_AUDIENCE"
TODAY_VARIABLE = "HANDBOOK_TODAY"


def resolve_audience(configured: str | None) -> Audience:
    """The build's audience: ``HANDBOOK_AUDIENCE`` wins over the configured value; owner by default."""
    value = os.environ.get(AUDIENCE_VARIABLE)
    if value is not None and not value.strip():
        # A script's unset variable must not turn a shared build into the owner's, with everything in it.
        raise HandbookError(
            f"{AUDIENCE_VARIABLE} is set but empty; expected owner, team or person:<slug> (unset it for an owner build)"
        )
    return parse_audience(value or configured or "owner")


def resolve_today(configured: str | None) -> dt.date:
    """Today, or a fixed date from ``HANDBOOK_TODAY`` / the ``today`` option, for reproducible builds."""
    value = os.environ.get(TODAY_VARIABLE) or configured
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise HandbookError(f'today: expected a date like 2026-11-24; got "{value}"') from None
