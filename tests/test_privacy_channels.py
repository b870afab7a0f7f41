"""Every channel by which a non-owner build once leaked what it left out, each closed and tested.

Real builds where the channel is the build itself; unit tests on the core
where one function decides.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Build, write_files
from test_hostile_build import GOOD_NOTE as SHARED
from test_hostile_build import PERSON as ALEX
from test_privacy import published

from generator.audience import strip_html_comments
from generator.load import ReadCache, content_files, load_handbook
from generator.published import publish_html

HIDDEN = """
    ---
    person: alex-kim
    date: 2026-10-16
    visibility: private
    ---
    canaryhiddennote
"""
BASE = {"people/alex-kim.md": ALEX, "notes/2026-11-20.md": SHARED, "notes/2026-10-16.md": HIDDEN}

# Raw HTML naming the left-out note every way a browser reads an address.
RAW_ADDRESSES = (
    "<a href=../2026-10-16/>unquoted</a>",
    '<a href="&#46;&#46;/2026-10-16/">entities</a>',
    '<a href="&#x2e;&#x2e;&#x2f;2026-10-16&#x2f;">hex entities</a>',
    "<a href='2026-10-16.md'>source</a>",
    '<a href="../2026-10-16/index.html">full</a>',
    '<a href="/notes/2026-10-16/">rooted</a>',
    '<a href="https://handbook.example/notes/2026-10-16/">absolute</a>',
    '<a href="..\\2026-10-16\\">backslashes</a>',
    '<a href="../2026-\n10-16/">split</a>',
    '<a href="%2E%2E/2026%2D10%2D16/">percent</a>',
    '<img alt="pic" srcset="one.png 1x, ../2026-10-16/board.png 2x">',
    '<object data="../2026-10-16/"></object>',
    '<form action="../2026-10-16/"><button formaction="../2026-10-16/">go</button></form>',
    '<video poster="../2026-10-16/still.png"></video>',
    '<blockquote cite="../2026-10-16/">quoted</blockquote>',
    '<table background="../2026-10-16/bg.png"><tr><td>cell</td></tr></table>',
    '<meta http-equiv="refresh" content="0; url=../2026-10-16/">',
    "<div style=\"background: url('../2026-10-16/bg.png')\">styled</div>",
    '<div style="background: url(\\2e\\2e/2026-10-16/bg.png)">css escapes</div>',
    "<style>.x { background: url(../2026-10-16/bg.png) }</style>",
    '<iframe srcdoc="&lt;a href=&quot;../2026-10-16/&quot;&gt;x&lt;/a&gt;"></iframe>',
    '<svg><a xlink:href="../2026-10-16/"><text>svg</text></a></svg>',
    '<a ping="../2026-10-16/" href="../other/">ping</a>',
    "<a/href=../2026-10-16/>slash</a>",
    '<a href="/NOTES/2026-10-16/">upper case</a>',
)


@pytest.mark.parametrize("raw", RAW_ADDRESSES)
def test_raw_html_never_keeps_the_address_of_a_left_out_page(raw: str) -> None:
    page = publish_html(f"<p>{raw}</p>", "notes/2026-11-20.md", "notes/2026-11-20/index.html",
                        frozenset({"notes/2026-10-16"}))
    assert "2026-10-16" not in page.html and "2026&#x2D;10" not in page.html, page.html
    assert "2026%2D10" not in page.html, page.html
    assert not any(path.startswith("notes/2026-10-16") for path in page.linked)


def test_a_page_under_a_left_out_address_cannot_name_it_with_dots() -> None:
    page = publish_html('<a href="../">up</a> <a href="./">here</a>', "notes/x/sub.md", "notes/x/sub/index.html",
                        frozenset({"notes/x"}))
    assert page.html == "<a>up</a> <a>here</a>"


def test_raw_html_keeps_its_words_and_its_other_links() -> None:
    html = '<p><a href=../2026-10-16/ title="t">kept words</a> <a href="../2026-09-01/">other</a> 1 &lt; 2</p>'
    page = publish_html(html, "notes/2026-11-20.md", "notes/2026-11-20/index.html", frozenset({"notes/2026-10-16"}))
    assert page.html == '<p><a title="t">kept words</a> <a href="../2026-09-01/">other</a> 1 &lt; 2</p>'
    assert page.linked == {"notes/2026-09-01"}


@pytest.mark.parametrize(
    "html",
    [
        "<!-- canary -->",
        "<!-- canary --!> after",
        "<!-- never closed canary <b>canary</b> canary",
        "<!DOCTYPE canary>",
        "<?canary ?>",
        "<![CDATA[ canary ]]>",
        "< a href=canary>",
        '<a href="canary',
    ],
)
def test_comments_and_markup_the_parser_cannot_read_are_dropped(html: str) -> None:
    page = publish_html(f"<p>kept</p>{html}", "x.md", "x/index.html", frozenset())
    assert "canary" not in page.html and page.html.startswith("<p>kept</p>")


def test_html_comments_leave_the_markdown_of_shared_builds_but_code_keeps_them() -> None:
    body = (
        "a <!-- canaryone --> b `<!-- inline code -->` c\n\n"
        "```html\n<!-- fenced code -->\n```\n\n"
        "<!--\n- [ ] @me canaryitem\n-->\n\n"
        "tail <!-- never closed canarytwo\n\nstill in it\n"
    )
    stripped = strip_html_comments(body)
    assert "canary" not in stripped and "still in it" not in stripped
    assert "`<!-- inline code -->`" in stripped and "<!-- fenced code -->" in stripped
    assert stripped.startswith("a  b ") and "tail " in stripped


def test_comments_in_notes_people_and_guidance_stay_out_of_shared_builds(
    make_handbook: Callable[..., Path], build: Callable[..., Build],
) -> None:
    files = {
        **BASE,
        "people/alex-kim.md": ALEX + "\n    <!-- canarypersoncomment -->\n",
        "notes/2026-11-20.md": SHARED + (
            "\n    <!-- canarynotecomment -->\n\n    <!--\n    - [ ] @me canarycommentitem\n    -->\n\n"
            "    Code: `<!-- literal -->`\n"
        ),
        "guidance/walks.md": "---\ntitle: Walks\n---\nWalk.\n<!-- canaryguidancecomment -->\n",
    }
    project = make_handbook(files)
    owner = build(project)
    assert owner.returncode == 0, owner.log
    assert "canarynotecomment" in owner.html("notes/2026-11-20")
    for audience in ("team", "person:alex-kim"):
        result = build(project, HANDBOOK_AUDIENCE=audience)
        assert result.returncode == 0, result.log
        everything = published(result.site)
        for canary in ("canarypersoncomment", "canarynotecomment", "canarycommentitem", "canaryguidancecomment"):
            assert canary not in everything, (audience, canary)
        assert "&lt;!-- literal --&gt;" in result.html("notes/2026-11-20")
        assert "Walk." in result.html("guidance/walks")


def test_raw_html_addresses_of_a_left_out_note_stay_out_of_a_real_build(
    make_handbook: Callable[..., Path], build: Callable[..., Build],
) -> None:
    body = "".join(f"\n    <p>{raw}</p>\n" for raw in RAW_ADDRESSES if "\n" not in raw)
    project = make_handbook({**BASE, "notes/2026-11-20.md": SHARED + body})
    result = build(project, strict=False, HANDBOOK_AUDIENCE="team")
    assert result.returncode == 0, result.log
    everything = published(result.site)
    assert "2026-10-16" not in everything and "canaryhiddennote" not in everything
    note = result.html("notes/2026-11-20")
    for words in ("unquoted", "entities", "absolute", "styled", "ping"):
        assert words in note


def test_the_read_cache_notices_a_note_made_private_with_the_same_size_and_time(tmp_path: Path) -> None:
    shared = SHARED.replace("visibility: team", "visibility: shared")
    write_files(tmp_path, {"people/alex-kim.md": ALEX, "notes/a.md": shared})
    note = tmp_path / "notes" / "a.md"
    cache = ReadCache()
    handbook, _ = load_handbook(tmp_path, content_files(tmp_path), cache=cache)
    assert handbook.meetings[0].visibility == "shared"
    before = note.stat()
    # Same length, then the old modification time put back, as `touch -r` or a sync tool would.
    text = note.read_text(encoding="utf-8").replace("shared", "private").replace("roadmap.", "roadmap")
    note.write_text(text, encoding="utf-8")
    assert note.stat().st_size == before.st_size
    os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns))
    handbook, _ = load_handbook(tmp_path, content_files(tmp_path), cache=cache)
    assert handbook.meetings[0].visibility == "private"


def test_the_read_cache_compares_content_of_a_file_that_just_changed(tmp_path: Path) -> None:
    write_files(tmp_path, {"people/alex-kim.md": ALEX})
    person = tmp_path / "people" / "alex-kim.md"
    cache = ReadCache()
    load_handbook(tmp_path, content_files(tmp_path), cache=cache)
    entry = cache.entries[str(person)]
    assert entry.digest is not None  # written a moment ago: its status alone is not trusted
    # Same status, other content (as a second write in the same clock tick would leave it).
    entry.digest = b"something else"
    load_handbook(tmp_path, content_files(tmp_path), cache=cache)
    assert cache.reads == 2


@pytest.mark.parametrize("value", ["", " ~", " null"])
@pytest.mark.parametrize(
    ("path", "text", "line"),
    [
        ("people/mei.md", "---\nname: Mei\nrelationship: peer\ncadence: monthly\nvisibility:{v}\n---\ncanarymei\n", 5),
        ("notes/2026-11-21.md", "---\nperson: alex-kim\ndate: 2026-11-21\nvisibility:{v}\n---\ncanarynote\n", 4),
        ("guidance/mine.md", "---\ntitle: Mine\nvisibility:{v}\n---\ncanaryguide\n", 3),
        ("notes/2026-11-22.md", "---\nperson: alex-kim\ndate: 2026-11-22\nprivate:{v}\n---\ncanaryprivate\n", 4),
    ],
)
def test_an_empty_visibility_is_an_error_not_shared(
    make_handbook: Callable[..., Path], build: Callable[..., Build], path: str, text: str, line: int, value: str,
) -> None:
    project = make_handbook({**BASE, path: text.format(v=value)})
    field = "private" if "private:" in text else "visibility"
    expected = "true or false" if field == "private" else "private, shared or team"
    message = f"content/{path}:{line}: {field}: expected {expected}; got nothing"
    strict = build(project, HANDBOOK_AUDIENCE="team")
    assert strict.returncode != 0 and message in strict.log, strict.log
    plain = build(project, strict=False, HANDBOOK_AUDIENCE="team")
    assert plain.returncode == 0, plain.log
    assert "canary" not in published(plain.site)


def test_every_front_matter_value_reaching_the_theme_is_escaped(
    make_handbook: Callable[..., Path], build: Callable[..., Build],
) -> None:
    guide = (
        "---\ntitle: Walks\ndescription: '\"><script>alert(1)</script>'\nauthor: '\"><b>me</b>'\n"
        "subtitle: '<i>x</i>'\nnotes_to_self: canaryfrontmatter\n---\nWalk.\n"
    )
    project = make_handbook({**BASE, "guidance/walks.md": guide})
    for audience in ("owner", "team"):
        result = build(project, HANDBOOK_AUDIENCE=audience)
        assert result.returncode == 0, result.log
        page = result.html("guidance/walks")
        assert "<script>alert(1)" not in page and '"><b>' not in page
        assert '<meta name="description" content="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">' in page
        assert "canaryfrontmatter" not in published(result.site)


@pytest.mark.parametrize("today", ["0001-01-01", "9999-12-31"])
def test_a_today_at_the_ends_of_the_calendar_is_a_clear_error(
    make_handbook: Callable[..., Path], build: Callable[..., Build], today: str,
) -> None:
    result = build(make_handbook(BASE), strict=False, HANDBOOK_TODAY=today)
    assert result.returncode != 0
    assert f'ERROR   -  HANDBOOK_TODAY: expected a date from 1900 to 2999; got "{today}"' in result.log
    assert "Traceback" not in result.log and "OverflowError" not in result.log


def with_audience(audience: str) -> str:
    from conftest import MKDOCS_YML

    return MKDOCS_YML.replace("  - handbook\n", f"  - handbook:\n      audience: {audience}\n")


@pytest.mark.parametrize(
    ("configured", "chosen", "allowed"),
    [
        ("team", "owner", False),
        ("team", "person:alex-kim", False),
        ("person:alex-kim", "team", False),
        ("person:alex-kim", "owner", False),
        ("team", "owner", True),
        ("owner", "team", True),
        ("team", "team", True),
    ],
)
def test_the_environment_may_narrow_the_audience_but_widen_it_only_with_consent(
    make_handbook: Callable[..., Path], build: Callable[..., Build], configured: str, chosen: str, allowed: bool,
) -> None:
    project = make_handbook(BASE, mkdocs_yml=with_audience(configured))
    consent = {"HANDBOOK_ALLOW_WIDER": "1"} if allowed and configured != "owner" and chosen != configured else {}
    result = build(project, strict=False, HANDBOOK_AUDIENCE=chosen, **consent)
    if allowed:
        assert result.returncode == 0, result.log
        first = next(line for line in result.log.splitlines() if line.startswith(("INFO", "WARNING", "ERROR")))
        assert first == f"INFO    -  handbook: building for audience {chosen} (from HANDBOOK_AUDIENCE)"
        return
    assert result.returncode != 0
    assert (
        f"ERROR   -  HANDBOOK_AUDIENCE={chosen} would build for a wider audience than the configured audience "
        f"{configured} (mkdocs.yml)" in result.log
    )
    assert "HANDBOOK_ALLOW_WIDER=1" in result.log
    assert not (result.site / "index.html").exists()


def test_every_build_says_its_audience_first(make_handbook: Callable[..., Path], build: Callable[..., Build]) -> None:
    result = build(make_handbook(BASE, mkdocs_yml=with_audience("team")))
    assert result.returncode == 0, result.log
    first = next(line for line in result.log.splitlines() if line.startswith(("INFO", "WARNING", "ERROR")))
    assert first == "INFO    -  handbook: building for audience team"
    assert "canaryhiddennote" not in published(result.site)
