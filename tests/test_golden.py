"""Golden cases: a small content folder in, the rendered Markdown pages out.

Each folder under tests/golden/ holds ``content/``, ``audience.txt`` and
``expected/``: every page the core renders, plus ``problems.txt``. To accept
a deliberate change, run ``HANDBOOK_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py``
and review the diff.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from generator.audience import parse_audience
from generator.load import content_files
from generator.site import build_site

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "content").is_dir())


def rendered(case: Path) -> dict[str, str]:
    content = case / "content"
    site = build_site(
        content,
        content_files(content),
        audience=parse_audience((case / "audience.txt").read_text().strip()),
        today=dt.date(2026, 11, 24),
    )
    pages = {page.src_uri: page.markdown for page in site.pages}
    pages["problems.txt"] = "".join(f"{p}\n" for p in site.problems)
    return pages


@pytest.mark.parametrize("name", CASES)
def test_golden(name: str) -> None:
    case = GOLDEN / name
    expected_dir = case / "expected"
    actual = rendered(case)
    if os.environ.get("HANDBOOK_UPDATE_GOLDEN"):
        for path in expected_dir.rglob("*"):
            if path.is_file():
                path.unlink()
        for uri, text in actual.items():
            target = expected_dir / uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    expected = {
        path.relative_to(expected_dir).as_posix(): path.read_text(encoding="utf-8")
        for path in expected_dir.rglob("*")
        if path.is_file()
    }
    assert sorted(actual) == sorted(expected)
    for uri in expected:
        assert actual[uri] == expected[uri], f"{name}: {uri} differs from its golden copy"
