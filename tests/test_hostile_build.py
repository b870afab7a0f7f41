"""Hostile content through real ``mkdocs build``, ``mkdocs serve`` and ``handbook check`` runs.

A plain build warns and leaves out only the bad files; ``--strict`` fails;
nothing of a bad file reaches any page or the search index, for any audience.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import Build, build_env

PERSON = """
    ---
    name: Alex Kim
    relationship: report
    cadence: weekly
    visibility: team
    ---
    Alex likes walking one-on-ones.
"""
GOOD_NOTE = """
    ---
    person: alex-kim
    date: 2026-11-20
    visibility: team
    ---
    We talked about the roadmap.
"""


def note(front_matter: str, canary: str) -> str:
    return f"---\n{front_matter}---\nThe word {canary} must never be published.\n"


BILLION_LAUGHS = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 10)
)
TEXT_FILES = {
    "people/alex-kim.md": PERSON,
    "notes/good.md": GOOD_NOTE,
    "notes/deep-flow.md": note("person: alex-kim\nx: " + "[" * 50_000 + "]" * 50_000 + "\n", "canarydeepflow"),
    "notes/deep-under-limit.md": note("person: alex-kim\nx: " + "{a: " * 5_000 + "\n", "canarydeepmap"),
    "notes/deep-block.md": note("person: alex-kim\nx:\n" + "- " * 20_000 + "a\n", "canarydeepblock"),
    "notes/bomb.md": note(f"person: alex-kim\ndate: 2026-11-01\n{BILLION_LAUGHS}", "canarybomb"),
    "notes/tagged.md": note("person: alex-kim\ndate: 2026-11-02\nx: !!python/object/apply:os.system [id]\n", "canarytag"),
    "notes/toml.md": "+++\nperson = 'alex-kim'\n+++\nThe word canarytoml must never be published.\n",
    "notes/json.md": '{"person": "alex-kim"}\nThe word canaryjson must never be published.\n',
    "notes/a-list.md": note("- person\n- alex-kim\n", "canarylist"),
    "notes/duplicate.md": note("person: alex-kim\ndate: 2026-11-04\nVisibility: team\nvisibility: private\n", "canarydupe"),
    "notes/tabs.md": note("person: alex-kim\ndate: 2026-11-05\nextra:\n\tkey: 1\n", "canarytabs"),
    "notes/mood.md": note("person: alex-kim\ndate: 2026-11-06\nmood: 9\nvisibility: team\n", "canarymood"),
    "notes/same-time.md": note("person: alex-kim\ndate: 2026-11-20\nvisibility: team\n", "canarysametime"),
    "notes/orphan.md": note("person: sam-okafor\ndate: 2026-11-07\nvisibility: team\n", "canaryorphan"),
    "notes/empty.md": "",
    "people/Alex-Kim.md": "---\nname: Alex Again\nrelationship: report\ncadence: weekly\nvisibility: team\n---\ncanarycase\n",
    "people/sam.md": "---\nname: Sam\nrelationship: peer\ncadence: wekly\nvisibility: team\n---\ncanarycadence\n",
    "guidance/other.markdown": "---\ntitle: Other\nvisibility: private\n---\ncanarymarkdown\n",
    "people/bob.MD": "---\nname: Bob\nrelationship: peer\ncadence: weekly\n---\ncanaryuppercase\n",
    "guidance/rule.md": "---\n\nA page that starts with a rule, canaryrule.\n",
    "questions/a.md": "---\ntitle: Questions A\n---\n- Where do you want to be in two years? {#two-years}\n",
    "questions/b.md": "---\ntitle: Questions B\n---\n- What would you drop? canaryquestion {#two-years}\n",
}
BINARY_FILES = {  # written as they are: make_handbook would dedent text and strip leading blank lines
    "notes/blank-first.md": ("\n" + note("person: alex-kim\ndate: 2026-11-03\nvisibility: team\n", "canaryblank")).encode(),
    "notes/nul.md": b"---\nperson: alex-kim\ndate: 2026-11-08\n---\ncanarynul \x00\n",
    "notes/latin1.md": "---\nperson: alex-kim\ndate: 2026-11-09\n---\ncanarylatin Grüße\n".encode("latin-1"),
    "notes/utf16.md": "---\nperson: alex-kim\ndate: 2026-11-10\n---\ncanaryutf16\n".encode("utf-16"),
    "notes/utf16-no-bom.md": "---\nperson: alex-kim\ndate: 2026-11-11\n---\ncanarynobom\n".encode("utf-16-le"),
}

EXPECTED_WARNINGS = [
    "content/guidance/rule.md:1: front-matter opened with --- on line 1 is never closed; add a line with --- after the "
    "last field (for a horizontal rule at the top of a page, write *** instead)",
    "content/notes/a-list.md:2: front-matter must be a set of fields like `name: Alex Kim`; got a list "
    "(for a horizontal rule at the top of a page, write *** instead of ---)",
    "content/notes/blank-first.md:2: front-matter must start on line 1 with ---; remove the blank lines, spaces or "
    "invisible characters before it",
    "content/notes/bomb.md:5: YAML aliases (*name) are not allowed; write the value out",
    "content/notes/deep-block.md:4: front-matter is indented 40000 columns; at most 40 are allowed "
    "(nesting at most 16 levels)",
    "content/notes/deep-flow.md:2: front-matter is larger than 64 KB; move long text into the body",
    "content/notes/deep-under-limit.md:3: front-matter is nested deeper than 16 levels",
    "content/notes/duplicate.md:5: visibility: duplicate field (also on line 4)",
    "content/notes/empty.md:1: a meeting note needs front-matter between --- lines, starting on line 1",
    "content/notes/json.md:1: JSON front-matter is not supported; write YAML between --- lines",
    "content/notes/latin1.md:5: is not valid UTF-8; save it as UTF-8",
    "content/notes/mood.md:4: mood: expected a whole number from 1 to 5; got 9",
    "content/notes/nul.md:5: contains a NUL byte; is it a binary file?",
    'content/notes/orphan.md:2: person: no person "sam-okafor" in people/ (add people/<slug>.md first)',
    "content/notes/same-time.md:3: date: another note for alex-kim is dated 2026-11-20: content/notes/good.md "
    "(add a time to tell them apart, or merge the notes)",
    "content/notes/tabs.md:5: front-matter is indented with a tab; YAML needs spaces",
    "content/notes/tagged.md:4: YAML tags (!!python/object/apply:os.system) are not allowed; write a plain value",
    "content/notes/toml.md:1: TOML front-matter (+++) is not supported; write YAML between --- lines",
    "content/notes/utf16-no-bom.md: is UTF-16 encoded (without a byte-order mark); save it as UTF-8",
    "content/notes/utf16.md: is UTF-16 encoded; save it as UTF-8",
    "content/people/Alex-Kim.md: a person's file name must be a slug of lowercase letters, digits and hyphens "
    '("alex-kim.md" already exists: merge the two files)',
    'content/people/sam.md:4: cadence: expected weekly, biweekly, monthly or a number of days from 1 to 366; got "wekly" '
    '(did you mean "weekly"?)',
    'content/questions/b.md:4: question id "two-years" is already used at content/questions/a.md:4 '
    "(give one of them another {#id})",
]
FILE_WARNINGS = [
    "content/notes/huge.md: is larger than 4 MB; split it or move large files out of the content folder",
    "content/notes/outside.md: is a link to a file outside the content folder; not followed",
    "content/notes/pipe.md: is not a regular file (a pipe, socket or device?); not read",
]
FOLDER_WARNINGS = [
    'content/guidance/other.markdown: is Markdown named ".markdown"; only .md files are read, so it is left out '
    '(rename it to "other.md")',
    'content/people/bob.MD: is Markdown named ".MD"; only .md files are read, so it is left out (rename it to "bob.md")',
    "content/guidance/gone.png: is a link to a file that does not exist; not followed",
    "content/guidance/pipe.png: is not a regular file (a pipe, socket or device?); not read",
    "content/guidance/secret.txt: is a link to a file outside the content folder; not followed",
    "content/notes/loop: is a link to a folder; folder links are not followed, nothing in it is read "
    "(move the folder itself into the content folder)",
    "content/notes/x.md: is a folder named like a note; a note is a file (rename the folder)",
]
LEFT_OUT = [
    "notes/deep-flow", "notes/deep-under-limit", "notes/deep-block", "notes/bomb", "notes/tagged", "notes/blank-first",
    "notes/toml", "notes/json", "notes/a-list", "notes/duplicate", "notes/tabs", "notes/mood", "notes/same-time",
    "notes/orphan", "notes/empty", "notes/nul", "notes/latin1", "notes/utf16", "notes/utf16-no-bom", "notes/huge",
    "notes/outside", "notes/pipe", "notes/loop", "people/Alex-Kim", "people/sam", "guidance/rule", "questions/b",
]
NOT_COPIED = ["guidance/other.markdown", "guidance/other/index.html", "people/bob.MD", "guidance/secret.txt", "guidance/gone.png", "guidance/pipe.png"]


def hostile_project(make_handbook: Callable[..., Path], tmp_path: Path) -> Path:
    project = make_handbook(TEXT_FILES)
    content = project / "content"
    for name, raw in BINARY_FILES.items():
        (content / name).write_bytes(raw)
    with open(content / "notes" / "huge.md", "wb") as handle:  # 50 MB, never held in memory at once
        handle.write(b"---\nperson: alex-kim\ndate: 2026-11-12\n---\n")
        chunk = b"canaryhuge and more words to fill the file.\n" * 24_000
        for _ in range(50):
            handle.write(chunk)
    outside = tmp_path / "outside.md"
    outside.write_text("---\nperson: alex-kim\ndate: 2026-11-13\nvisibility: team\n---\ncanaryoutside\n", encoding="utf-8")
    (content / "notes" / "outside.md").symlink_to(outside)
    secret = tmp_path / "secret.txt"
    secret.write_text("canarystatic\n", encoding="utf-8")
    (content / "guidance" / "secret.txt").symlink_to(secret)  # MkDocs would copy it into the site
    (content / "guidance" / "gone.png").symlink_to("nothing-here.png")  # MkDocs' copy would crash
    os.mkfifo(content / "guidance" / "pipe.png")  # MkDocs' copy would wait forever
    (content / "notes" / "x.md").mkdir()
    (content / "notes" / "loop").symlink_to("..")  # MkDocs follows it and once crashed copying what it found
    os.mkfifo(content / "notes" / "pipe.md")
    return project


def warnings_of(build: Build) -> list[str]:
    return [line.removeprefix("WARNING -  ") for line in build.warnings()]


def published_text(site: Path) -> str:
    return "\n".join(
        path.read_text(encoding="utf-8", errors="replace") for path in sorted(site.rglob("*")) if path.is_file()
    )


@pytest.fixture
def project(make_handbook: Callable[..., Path], tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("named pipes are POSIX")
    return hostile_project(make_handbook, tmp_path)


def test_a_plain_build_warns_once_per_bad_file_and_leaves_only_those_out(
    project: Path, build: Callable[..., Build],
) -> None:
    started = time.monotonic()
    result = build(project, strict=False)
    assert time.monotonic() - started < 120
    assert result.returncode == 0, result.log
    assert sorted(warnings_of(result)) == sorted(EXPECTED_WARNINGS + FILE_WARNINGS + FOLDER_WARNINGS)
    assert "Traceback" not in result.log
    for url in LEFT_OUT:
        assert not (result.site / url / "index.html").exists(), url
        assert not (result.site / f"{url}.md").exists(), url
    for name in NOT_COPIED:
        assert not (result.site / name).exists(), name
    assert "We talked about the roadmap." in result.html("notes/good")
    assert "Alex likes walking one-on-ones." in result.html("people/alex-kim")
    everything = published_text(result.site)
    index = result.search_text()
    assert "roadmap" in index
    for text in (everything, index):
        assert "canary" not in text.lower()
    # The owner's dashboard lists what could not be read, by file and line, not by content.
    assert "content/notes/mood.md" in result.html("")


def test_strict_fails_on_the_same_content(project: Path, build: Callable[..., Build]) -> None:
    result = build(project, strict=True)
    assert result.returncode != 0
    assert "Aborted with" in result.log and "warnings in strict mode" in result.log
    assert "Traceback" not in result.log


@pytest.mark.parametrize("audience", ["team", "person:alex-kim"])
def test_a_non_owner_build_holds_nothing_of_the_bad_files(
    project: Path, build: Callable[..., Build], audience: str,
) -> None:
    result = build(project, strict=False, HANDBOOK_AUDIENCE=audience)
    assert result.returncode == 0, result.log
    assert sorted(warnings_of(result)) == sorted(EXPECTED_WARNINGS + FILE_WARNINGS + FOLDER_WARNINGS)
    everything = published_text(result.site)
    assert "canary" not in everything.lower()
    assert "mood.md" not in everything  # problems are the owner's business
    assert "We talked about the roadmap." in result.html("notes/good")


def test_handbook_check_lists_the_same_problems(project: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", "from generator.cli import main; main()", "check", "--content", "content"],
        cwd=project, capture_output=True, text=True, timeout=120, env=build_env(),
    )
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    # check walks without following links, so the folder link and whatever lies under it are never listed
    assert sorted(lines) == sorted(EXPECTED_WARNINGS + FILE_WARNINGS + FOLDER_WARNINGS)
    assert "Traceback" not in result.stderr


# --- mkdocs serve: a bad note is shown as its problems, to the owner only ------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[[Path], tuple[str, Callable[[], str]]]]:
    started: list[subprocess.Popen[str]] = []

    def run(project: Path) -> tuple[str, Callable[[], str]]:
        port = free_port()
        log = tmp_path / "serve.log"
        handle = open(log, "w", encoding="utf-8")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}",
             "--no-livereload"],
            stdout=handle, stderr=subprocess.STDOUT, text=True, env=build_env(),
        )
        started.append(process)
        base = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(base, timeout=5):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                assert process.poll() is None, log.read_text(encoding="utf-8")
                time.sleep(0.3)
        else:
            raise AssertionError("mkdocs serve did not start: " + log.read_text(encoding="utf-8"))
        return base, lambda: log.read_text(encoding="utf-8")

    yield run
    for process in started:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_serve_shows_a_broken_note_as_its_problems(
    make_handbook: Callable[..., Path], serve: Callable[[Path], tuple[str, Callable[[], str]]],
) -> None:
    project = make_handbook({
        "people/alex-kim.md": PERSON,
        "notes/good.md": GOOD_NOTE,
        "notes/deep.md": note("person: alex-kim\nx: " + "[" * 20_000 + "\n", "canarydeep"),
        "notes/mood.md": note("person: alex-kim\ndate: 2026-11-06\nmood: 9\n", "canarymood"),
    })
    base, log = serve(project)
    status, html = fetch(base + "notes/mood/")
    assert status == 200
    assert "content/notes/mood.md" in html and "expected a whole number from 1 to 5" in html
    assert "canarymood" not in html
    status, html = fetch(base + "notes/deep/")
    assert status == 200 and "nested deeper than 16 levels" in html and "canarydeep" not in html
    assert "We talked about the roadmap." in fetch(base + "notes/good/")[1]
    lines = log()
    assert "WARNING -  content/notes/mood.md:4: mood: expected a whole number from 1 to 5; got 9" in lines
    assert "WARNING -  content/notes/deep.md:3: front-matter is nested deeper than 16 levels" in lines
    assert "Traceback" not in lines


def test_search_index_of_a_broken_build_is_valid_json(project: Path, build: Callable[..., Build]) -> None:
    result = build(project, strict=False)
    docs = result.search_documents()
    locations = {doc["location"].split("#")[0] for doc in docs}
    assert "notes/good/" in locations
    assert sorted(loc for loc in locations if loc.startswith(tuple(f"{url}/" for url in LEFT_OUT))) == []


def test_markdown_nested_too_deeply_warns_instead_of_ending_the_build(
    make_handbook: Callable[..., Path], build: Callable[..., Build],
) -> None:
    deep = "---\nperson: alex-kim\ndate: 2026-11-19\nvisibility: team\n---\n" + "*" * 3000 + "x" + "*" * 3000 + "\n"
    project = make_handbook({"people/alex-kim.md": PERSON, "notes/good.md": GOOD_NOTE})
    (project / "content" / "notes" / "deep.md").write_text(deep, encoding="utf-8")
    plain = build(project, strict=False)
    assert plain.returncode == 0, plain.log
    assert "Traceback" not in plain.log and "RecursionError" not in plain.log
    assert warnings_of(plain) == [
        "content/notes/deep.md: is nested too deeply for Markdown to render (thousands of *, [ or > in a row?); "
        "its page shows only a notice"
    ]
    assert "could not be rendered" in plain.html("notes/deep")
    assert "We talked about the roadmap." in plain.html("notes/good")
    assert build(project, strict=True).returncode != 0


def test_handbook_check_reports_every_line_a_strict_build_reports(project: Path, build: Callable[..., Build]) -> None:
    # Beyond the hostile files: pages of one's own where generated pages are served, and a theme setting
    # the pages need; check used to pass all three while the build failed.
    content = project / "content"
    (content / "topics.md").write_text("# My topics\n", encoding="utf-8")
    (content / "people.md").write_text("# My people\n", encoding="utf-8")
    (content / "people" / "index.md").write_text("---\nname: Index\nrelationship: peer\ncadence: weekly\n---\n")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - tags\n", ""), encoding="utf-8")
    built = build(project, strict=True)
    assert built.returncode != 0
    reported = warnings_of(built)
    assert any("topics.md: would be served at /topics/" in line for line in reported), reported
    assert any("tags plugin" in line for line in reported), reported
    checked = subprocess.run(
        [sys.executable, "-c", "from generator.cli import main; main()", "check", "-f", "mkdocs.yml"],
        cwd=project, capture_output=True, text=True, timeout=120, env=build_env(),
    )
    assert checked.returncode == 1, checked.stderr
    assert "Traceback" not in checked.stderr
    assert sorted(checked.stderr.splitlines()) == sorted(reported)


def test_markdown_too_costly_to_render_shows_a_notice_and_warns(
    make_handbook: Callable[..., Path], build: Callable[..., Build],
) -> None:
    head = "---\nperson: alex-kim\ndate: 2026-11-{day}\nvisibility: team\n---\n"
    long_note = (
        head.format(day=18)
        + "\n".join(f"- [ ] item {i} with **bold** and a [link](good.md)" for i in range(3_000))
        + "\n\n| n | link |\n|---|---|\n"
        + "\n".join(f"| {i} | [good](good.md) |" for i in range(2_000))
        + "\n"
    )
    project = make_handbook({
        "people/alex-kim.md": PERSON,
        "notes/good.md": GOOD_NOTE,
        "notes/long.md": long_note,
        "notes/brackets.md": head.format(day=15) + "canarybrackets " + "[" * 20_000 + "\n",
        "notes/nested.md": head.format(day=16) + "\n".join("    " * i + "- canarynested" for i in range(1_000)) + "\n",
        "notes/divs.md": head.format(day=17) + "canarydivs\n" + "<div>\n" * 40_000,
    })
    plain = build(project, strict=False)
    assert plain.returncode == 0, plain.log
    found = warnings_of(plain)
    assert sorted(w.split(":")[0] for w in found) == [
        "content/notes/brackets.md", "content/notes/divs.md", "content/notes/nested.md",
    ], found
    assert all("in seconds" in w and "its page shows only a notice" in w for w in found)
    for slug, canary in (("brackets", "canarybrackets"), ("nested", "canarynested"), ("divs", "canarydivs")):
        page = plain.html(f"notes/{slug}")
        assert "This page is not shown" in page and canary not in page
    long_page = plain.html("notes/long")
    assert "item 2999 with" in long_page and "<td>1999</td>" in long_page
    assert build(project, strict=True).returncode != 0
