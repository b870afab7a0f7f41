"""The finished site of a shared build: every byte of every file, and every path around the audience filter.

Canary words sit in every channel a private thing can travel by; each
audience's build is read whole (``.gz`` files decompressed) and must hold
none of the words it may not. Then each way around the filter, one by one:
``--dirty``, files another tool left in the folder, drafts, an explicit
``nav:``, links inside the content folder, extensions that include files and
Material's blog plugin.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import MKDOCS_YML, Build, build_env, run_mkdocs_build
from test_hostile_build import GOOD_NOTE as SHARED
from test_hostile_build import PERSON as ALEX
from test_serve import Server, free_port, stop

from generator.audience import parse_audience
from generator.errors import HandbookError
from generator.finished import check_folder, check_settings, nav_without

MEI = """
    ---
    name: Mei Tanaka
    relationship: peer
    cadence: monthly
    visibility: private
    topics_of_mine: canarypersonfield
    ---
    canaryprivateperson
"""
PRIVATE_NOTE = """
    ---
    person: alex-kim
    date: 2026-10-16
    visibility: private
    topics: [canarytopic]
    ---
    canaryprivatenote. Review: [review](../files/canaryattachname.txt). ![b](board-canaryimage.png)
"""
SHARED_NOTE = SHARED + """
    Notes from the walk.

    !!! private "canarysectiontitle"
        canaryprivatesection

    <!-- canaryhtmlcomment -->

    Earlier: [the hard talk](2026-10-16-canaryfilename.md), <a href=2026-10-16-canaryfilename.md>raw</a>.
"""
PERSON_ONLY_NOTE = """
    ---
    person: alex-kim
    date: 2026-11-10
    visibility: shared
    ---
    canaryshared only for Alex and the owner
"""
FILES = {
    "people/alex-kim.md": ALEX + "\n    <!-- canarypersoncomment -->\n\n    !!! private\n        canarypersonsection\n",
    "people/mei.md": MEI,
    "notes/2026-11-20.md": SHARED_NOTE,
    "notes/2026-11-10.md": PERSON_ONLY_NOTE,
    "notes/2026-10-16-canaryfilename.md": PRIVATE_NOTE,
    "notes/2026-10-20.md": "---\nperson: mei\ndate: 2026-10-20\n---\ncanarymeinote\n",
    "guidance/mine.md": "---\ntitle: canaryguidancetitle\nvisibility: private\n---\ncanaryprivateguidance\n",
    "guidance/walks.md": (
        "---\ntitle: Walks\ndescription: Walking one-on-ones\nmy_field: canaryfrontmatter\n---\n"
        "Walk.\n\n<!-- canaryguidancecomment -->\n"
    ),
    "files/canaryattachname.txt": "canaryattachment\n",
}
OWNER_ONLY = (
    "canarypersonfield", "canaryprivateperson", "canarytopic", "canaryprivatenote", "canaryattachname",
    "canaryimage", "canarysectiontitle", "canaryprivatesection", "canaryhtmlcomment", "canaryfilename",
    "canarypersoncomment", "canarypersonsection", "canarymeinote", "canaryguidancetitle", "canaryprivateguidance",
    "canaryguidancecomment", "canaryattachment", "Mei Tanaka",
)
NOT_FOR_TEAM = ("canaryshared",)


def every_byte(site: Path) -> bytes:
    """Every file's path and content, gzipped files (``.gz``, the search index's chunks) decompressed, for grepping."""
    chunks = []
    for path in sorted(site.rglob("*")):
        chunks.append(path.relative_to(site).as_posix().encode())
        if path.is_file():
            data = path.read_bytes()
            chunks.append(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)
    return b"\n".join(chunks)


@pytest.fixture
def project(make_handbook: Callable[..., Path]) -> Path:
    root = make_handbook(FILES)
    (root / "content" / "notes" / "board-canaryimage.png").write_bytes(b"\x89PNG\r\n\x1a\ncanaryimagebytes")
    return root


@pytest.mark.parametrize("audience", ["team", "person:alex-kim"])
def test_no_byte_of_a_shared_build_holds_what_it_leaves_out(
    project: Path, build: Callable[..., Build], audience: str,
) -> None:
    result = build(project, strict=False, HANDBOOK_AUDIENCE=audience)
    assert result.returncode == 0, result.log
    assert (result.site / "sitemap.xml.gz").exists() and (result.site / "search" / "search_index.json").exists()
    everything = every_byte(result.site)
    leaked = [word for word in OWNER_ONLY if word.lower().encode() in everything.lower()]
    if audience == "team":
        leaked += [word for word in NOT_FOR_TEAM if word.encode() in everything]
    assert leaked == []
    assert b"Notes from the walk." in everything and b"Walk." in everything


def test_the_owner_build_holds_every_canary(project: Path, build: Callable[..., Build]) -> None:
    result = build(project, strict=False)
    assert result.returncode == 0, result.log
    everything = every_byte(result.site).lower()
    # Front-matter fields of one's own and comments never show as text, even to the owner; the rest does.
    missing = [
        word for word in (*OWNER_ONLY, *NOT_FOR_TEAM)
        if word.lower().encode() not in everything and word not in ("canarypersonfield", "canaryfrontmatter")
    ]
    assert missing == []


def test_a_dirty_shared_build_is_refused(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    owner = run_mkdocs_build(project / "mkdocs.yml", site, strict=False, env=build_env())
    assert owner.returncode == 0, owner.log
    assert (site / "notes" / "2026-10-16-canaryfilename" / "index.html").exists()
    command = [sys.executable, "-m", "mkdocs", "build", "--dirty", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    team = subprocess.run(command, capture_output=True, text=True, env=build_env(HANDBOOK_AUDIENCE="team"))
    log = team.stderr + team.stdout
    assert team.returncode != 0
    assert "ERROR   -  --dirty keeps what an earlier build wrote into the site folder" in log
    assert "Traceback" not in log


HOOK = '''
from pathlib import Path

def on_post_build(config):
    Path(config.site_dir, "left-behind.html").write_text("canarystray", encoding="utf-8")
'''


def test_a_file_the_build_did_not_write_stops_a_shared_build(make_handbook: Callable[..., Path],
                                                              build: Callable[..., Build]) -> None:
    project = make_handbook({"people/alex-kim.md": ALEX}, mkdocs_yml=MKDOCS_YML + "hooks:\n  - stray.py\n")
    (project / "stray.py").write_text(HOOK, encoding="utf-8")
    assert build(project, strict=False).returncode == 0  # the owner's site is the owner's
    result = build(project, strict=False, HANDBOOK_AUDIENCE="team")
    assert result.returncode != 0
    assert "holds files this team build did not write: left-behind.html; build stopped" in result.log
    assert "Traceback" not in result.log


DRAFTS = MKDOCS_YML + "draft_docs: |\n  notes/2026-11-21.md\n"
DRAFT_NOTE = "---\nperson: alex-kim\ndate: 2026-11-21\nvisibility: team\n---\ncanarydraft\n"


@pytest.fixture
def team_server(make_handbook: Callable[..., Path], tmp_path: Path) -> Iterator[Server]:
    project = make_handbook(
        {"people/alex-kim.md": ALEX, "notes/2026-11-20.md": SHARED, "notes/2026-11-21.md": DRAFT_NOTE},
        mkdocs_yml=DRAFTS,
    )
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
            cwd=tmp_path, env=build_env(HANDBOOK_AUDIENCE="team"), stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        running = Server(project, f"http://127.0.0.1:{port}", process, log)
        running.wait_for("/", lambda body: "Dashboard" in body, "the dashboard", timeout=60)
        yield running
    finally:
        stop(process)


def test_a_shared_serve_serves_no_draft(team_server: Server) -> None:
    status, body = team_server.get("/notes/2026-11-21/")
    assert status == 404 and "canarydraft" not in body
    for path in ("/", "/people/alex-kim/", "/search/search_index.json"):
        status, body = team_server.get(path)
        assert status == 200 and "canarydraft" not in body and "2026-11-21" not in body, path


def test_a_shared_build_holds_no_draft(make_handbook: Callable[..., Path], build: Callable[..., Build]) -> None:
    project = make_handbook({"people/alex-kim.md": ALEX, "notes/2026-11-21.md": DRAFT_NOTE}, mkdocs_yml=DRAFTS)
    result = build(project, HANDBOOK_AUDIENCE="team")
    assert result.returncode == 0, result.log
    assert b"canarydraft" not in every_byte(result.site)


def test_a_nav_entry_for_a_left_out_page_is_dropped_with_a_warning(
    project: Path, build: Callable[..., Build],
) -> None:
    nav = "nav:\n  - Home: index.md\n  - The hard talk: notes/2026-10-16-canaryfilename.md\n  - People: people/index.md\n"
    (project / "mkdocs.yml").write_text(MKDOCS_YML + nav, encoding="utf-8")
    strict = build(project, HANDBOOK_AUDIENCE="team")
    assert strict.returncode != 0
    warning = (
        'WARNING -  mkdocs.yml: nav: "The hard talk" names a page this team build leaves out; '
        "left out of the navigation"
    )
    assert warning in strict.log
    plain = build(project, strict=False, HANDBOOK_AUDIENCE="team")
    assert plain.returncode == 0, plain.log
    assert b"canaryfilename" not in every_byte(plain.site)
    assert "The hard talk" in build(project, strict=False).html("")  # the owner's nav keeps it


def test_a_link_inside_the_content_folder_publishes_nothing_of_the_file_it_leads_to(
    project: Path, build: Callable[..., Build],
) -> None:
    content = project / "content"
    (content / "guidance" / "linked.md").symlink_to(Path("..") / "notes" / "2026-10-16-canaryfilename.md")
    os.link(content / "notes" / "2026-10-20.md", content / "guidance" / "hard.md")
    strict = build(project, HANDBOOK_AUDIENCE="team")
    assert strict.returncode != 0
    assert "WARNING -  content/guidance/linked.md: is a link; a shared build publishes no linked file" in strict.log
    assert "WARNING -  content/guidance/hard.md: is the same file as content/notes/2026-10-20.md" in strict.log
    plain = build(project, strict=False, HANDBOOK_AUDIENCE="team")
    assert plain.returncode == 0, plain.log
    everything = every_byte(plain.site)
    assert b"canaryprivatenote" not in everything and b"canarymeinote" not in everything
    assert not (plain.site / "guidance" / "linked").exists()


@pytest.mark.parametrize(
    "extension",
    [
        "  - pymdownx.snippets\n",
        "  - pymdownx.snippets:\n      base_path: [content]\n",
    ],
)
def test_extensions_that_include_files_are_refused_in_shared_builds(
    make_handbook: Callable[..., Path], build: Callable[..., Build], extension: str,
) -> None:
    note = SHARED + '\n    --8<-- "content/notes/2026-10-16.md"\n\n    {!notes/2026-10-16.md!}\n'
    files = {"people/alex-kim.md": ALEX, "notes/2026-11-20.md": note, "notes/2026-10-16.md": PRIVATE_NOTE}
    project = make_handbook(files, mkdocs_yml=MKDOCS_YML + extension)
    result = build(project, strict=False, HANDBOOK_AUDIENCE="team")
    assert result.returncode != 0
    name = extension.strip(" -\n").split(":")[0]
    assert f'ERROR   -  mkdocs.yml: markdown_extensions: "{name}" copies other files into pages' in result.log
    assert "Traceback" not in result.log
    assert not result.site.exists() or b"canaryprivatenote" not in every_byte(result.site)


@pytest.mark.parametrize(
    ("extensions", "plugins", "name"),
    [
        (["markdown_include.include"], [], "markdown_include.include"),
        (["mdx_include"], [], "mdx_include"),
        (["pymdownx.snippets:SnippetExtension"], [], "pymdownx.snippets:SnippetExtension"),
        ([], ["include-markdown"], "include-markdown"),
        ([], ["macros"], "macros"),
    ],
)
def test_every_known_file_reader_is_refused(extensions: list[str], plugins: list[str], name: str) -> None:
    for audience in ("team", "person:alex-kim"):
        with pytest.raises(HandbookError, match=f'"{name}" copies other files into pages'):
            check_settings(parse_audience(audience), extensions=extensions, plugins=plugins, dirty=False,
                           config_file="mkdocs.yml")
    check_settings(parse_audience("owner"), extensions=extensions, plugins=plugins, dirty=False,
                   config_file="mkdocs.yml")


def test_materials_blog_plugin_is_a_clear_error_not_a_traceback(
    make_handbook: Callable[..., Path], build: Callable[..., Build],
) -> None:
    files = {
        "people/alex-kim.md": ALEX,
        "blog/index.md": "# Blog\n",
        "blog/posts/first.md": "---\ndate: 2026-11-01\n---\n# First\n\nHello.\n",
    }
    project = make_handbook(files, mkdocs_yml=MKDOCS_YML.replace("  - tags\n", "  - tags\n  - blog\n"))
    for audience in ("owner", "team"):
        result = build(project, strict=False, HANDBOOK_AUDIENCE=audience)
        assert result.returncode != 0
        assert "ERROR   -  mkdocs.yml: plugins: Material's blog plugin cannot run beside handbook" in result.log
        assert "Traceback" not in result.log


def test_nav_without_drops_entries_and_emptied_sections_and_keeps_the_rest() -> None:
    nav = [
        {"Home": "index.md"},
        {"Private": [{"Talk": "notes/x.md"}, "notes/y.md"]},
        {"Mixed": [{"Talk": "/notes/x/"}, {"Walks": "guidance/walks.md"}]},
        {"Elsewhere": "https://example.org/notes/x/"},
    ]
    pruned, warnings = nav_without(nav, frozenset({"notes/x", "notes/y"}), parse_audience("team"))
    assert pruned == [
        {"Home": "index.md"},
        {"Mixed": [{"Walks": "guidance/walks.md"}]},
        {"Elsewhere": "https://example.org/notes/x/"},
    ]
    assert warnings == [
        f'mkdocs.yml: nav: "{title}" names a page this team build leaves out; left out of the navigation'
        for title in ("Talk", "(untitled)", "Talk")
    ]


def test_check_folder_names_every_file_the_build_did_not_write(tmp_path: Path) -> None:
    for name in ("index.html", "sitemap.xml.gz", "notes/old/index.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    with pytest.raises(HandbookError, match="holds files this team build did not write: notes/old/index.html;"):
        check_folder(tmp_path, {"index.html"}, parse_audience("team"))
    check_folder(tmp_path, {"index.html"}, parse_audience("owner"))
    check_folder(tmp_path, {"index.html", "notes/old/index.html"}, parse_audience("team"))


@pytest.mark.parametrize("audience", ["team", "person:alex-kim", "owner"])
def test_the_search_index_holds_what_the_build_published(
    project: Path, build: Callable[..., Build], audience: str,
) -> None:
    result = build(project, strict=False, HANDBOOK_AUDIENCE=audience)
    assert result.returncode == 0, result.log
    # The handbook's own index, in parts, behind Material's search box; Material's holds no pages.
    assert json.loads((result.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"] == []
    index = result.search_text().lower()
    assert any("Notes from the walk." in doc["text"] for doc in result.search_documents())
    owner_only = [word for word in OWNER_ONLY if word.lower() in index]
    if audience == "owner":
        assert "canaryshared" in index and owner_only
    elif audience == "team":
        assert owner_only == [] and "canaryshared" not in index
    else:
        # Alex's shared note is theirs to search; nothing of the owner's or of anyone else.
        assert owner_only == [] and "canaryshared" in index
