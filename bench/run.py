"""Benchmark: the handbook plugin against plain MkDocs + Material, on one synthetic handbook.

One run generates a synthetic handbook (``bench/synthetic.py``) and times, each
``--repeat`` times, in turn:

- ``example``: ``mkdocs build --strict`` of the repo's own example handbook;
- ``plain``: plain MkDocs + Material on the same files, its implicit nav listing every note;
- ``plain, notes not in nav``: the same with ``not_in_nav: /notes/**``;
- ``ours``: ``mkdocs build --strict`` with the handbook plugin;
- ``core cold`` / ``core warm``: ``generator.site.build_site`` alone (load, facts,
  render Markdown), cold in a fresh process, then warm reusing one read cache and
  render memo, and again after one note is saved (``--core-sizes`` runs only these,
  at several sizes, for a linearity table);
- ``serve first`` / ``serve rebuild``: two in-process builds of one loaded
  configuration as ``mkdocs serve`` does them, one note edited in between; the
  plugin instance and its read cache survive, as they do under ``serve``.

Builds run in a subprocess, as a user runs them; times are wall-clock medians
(machines are noisy: look at medians, not means), with the subprocess's CPU time
beside them. Results also go to ``bench/out/`` as JSON.

    python bench/run.py                       # 40 people, 2,000 notes, 5 repeats
    python bench/run.py --quick               # 20 people, 200 notes, 3 repeats
    python bench/run.py --notes 5000 --repeat 3
    python bench/run.py --core-sizes 2500,5000,10000 --people 100 --repeat 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
TODAY = "2026-11-24"
"""The synthetic handbook ends on this day; builds fix it for stable facts."""

sys.path.insert(0, str(BENCH))
from synthetic import make_synthetic_handbook  # noqa: E402

# The theme and extensions of the repo's mkdocs.yml, so only the plugin differs.
CONFIG = """\
site_name: Benchmark handbook
docs_dir: content
theme:
  name: material
  font: false
  features:
    - navigation.sections
    - navigation.indexes
    - navigation.top
    - search.highlight
    - search.suggest
    - content.action.none
plugins:
{plugins}
markdown_extensions:
  - admonition
  - attr_list
  - def_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tasklist:
      custom_checkbox: true
{extra}"""
PLAIN_PLUGINS = "  - search\n"
OURS_PLUGINS = "  - search\n  - tags:\n      listings_map: {}\n  - handbook\n"
NOT_IN_NAV = "not_in_nav: |\n  /notes/**\n"
SERVE_URL = "http://127.0.0.1:8000/"
SECOND = "ours, second build"


@dataclass
class SiteStats:
    """What a build left on disk."""

    files: int
    megabytes: float
    html_pages: int
    largest_page: str
    largest_page_kb: float
    average_page_kb: float
    search_index_mb: float


@dataclass
class Row:
    """One measured thing: its times over the repeats, and what it built."""

    name: str
    meaning: str
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    site: SiteStats | None = None
    warnings: int = 0
    mkdocs_reported: list[float] = field(default_factory=list)
    """MkDocs' own "Documentation built in" seconds: the build without start-up and imports."""
    peak_mb: list[float] = field(default_factory=list)
    """Peak resident memory of the build process, MB."""
    notes: dict[str, object] = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(self.wall)


def build_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(NO_MKDOCS_2_WARNING="1", HANDBOOK_TODAY=TODAY, PYTHONUTF8="1")
    env.pop("HANDBOOK_AUDIENCE", None)
    return env


def site_stats(site: Path) -> SiteStats:
    total = count = pages = 0
    page_bytes = 0
    largest = (0, "")
    for folder, _dirs, names in os.walk(site):
        for name in names:
            path = Path(folder, name)
            size = path.stat().st_size
            total += size
            count += 1
            if name.endswith(".html"):
                pages += 1
                page_bytes += size
                largest = max(largest, (size, path.relative_to(site).as_posix()))
    index = [path for path in (site / "search").rglob("*") if path.is_file()] if (site / "search").is_dir() else []
    return SiteStats(
        files=count,
        megabytes=total / 1e6,
        html_pages=pages,
        largest_page=largest[1],
        largest_page_kb=largest[0] / 1e3,
        average_page_kb=page_bytes / max(pages, 1) / 1e3,
        search_index_mb=sum(path.stat().st_size for path in index) / 1e6,
    )


def mkdocs_build(row: Row, config: Path, site: Path, *, strict: bool, keep: Path | None = None) -> None:
    """One ``mkdocs build`` in a subprocess; its wall and CPU time go to ``row``."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)]
    if strict:
        command.append("--strict")
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=build_env())
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        log = out.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise SystemExit(f"{row.name}: mkdocs build failed ({process.returncode}):\n{log[-3000:]}")
    row.wall.append(wall)
    row.cpu.append(usage.ru_utime + usage.ru_stime)
    row.peak_mb.append(usage.ru_maxrss / 1024)
    row.warnings = sum(1 for line in log.splitlines() if line.startswith("WARNING"))
    reported = re.search(r"Documentation built in ([\d.]+) seconds", log)
    if reported:
        row.mkdocs_reported.append(float(reported.group(1)))
    if row.site is None:
        row.site = site_stats(site)
    if keep is not None and not keep.exists():
        site.rename(keep)
    shutil.rmtree(site, ignore_errors=True)


def timed(row: Row, work: Callable[[], object]) -> object:
    start_cpu = time.process_time()
    start = time.perf_counter()
    result = work()
    row.wall.append(time.perf_counter() - start)
    row.cpu.append(time.process_time() - start_cpu)
    return result


_CORE_COLD = """
import datetime as dt, json, resource, sys, time
from pathlib import Path
from generator.audience import parse_audience
from generator.load import ReadCache, content_files, load_handbook
from generator.site import build_site
content, today = Path(sys.argv[1]), dt.date.fromisoformat(sys.argv[2])
uris = content_files(content)
wall, cpu = time.perf_counter(), time.process_time()
site = build_site(content, uris, audience=parse_audience("owner"), today=today, cache=ReadCache())
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the child rendering notes (generator.second_core)
cpu += children.ru_utime + children.ru_stime
load = time.perf_counter()
load_handbook(content, uris, cache=ReadCache())
load = time.perf_counter() - load
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"wall": wall, "cpu": cpu, "load": load, "peak_mb": peak, "pages": len(site.pages)}))
"""
"""One cold core build in a fresh process (imports done first, not timed), then load_handbook alone again."""


def core_rows(content: Path, repeat: int) -> list[Row]:
    """``build_site`` alone: cold, each in a fresh process; then warm, in this one, as ``mkdocs serve`` rebuilds."""
    from generator.audience import parse_audience
    from generator.load import ReadCache, content_files
    from generator.pages import RenderMemo
    from generator.render import make_environment
    from generator.site import build_site

    uris = content_files(content)
    audience = parse_audience("owner")
    today = dt.date.fromisoformat(TODAY)
    cold = Row("core cold", "build_site() in a fresh process: read and parse every file, derive facts, render Markdown")
    load_cold = Row("  of which: load", "load_handbook() with a fresh cache: read, parse, validate every file")
    warm = Row(
        "core warm", "build_site() again with the same ReadCache and RenderMemo: nothing re-read or re-rendered"
    )
    edited = Row("core warm, one note saved", "build_site() again after one note changed, as a serve rebuild")
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", _CORE_COLD, str(content), TODAY],
            capture_output=True, text=True, check=True, env=build_env(),
        )
        figures = json.loads(out.stdout)
        cold.wall.append(figures["wall"])
        cold.cpu.append(figures["cpu"])
        cold.peak_mb.append(figures["peak_mb"])
        load_cold.wall.append(figures["load"])
        cold.notes["pages"] = figures["pages"]
    cache, memo, env = ReadCache(), RenderMemo(), make_environment(None)
    build_site(content, uris, audience=audience, today=today, cache=cache, env=env, memo=memo)
    reads = cache.reads

    def rebuild() -> object:
        return build_site(content, uris, audience=audience, today=today, cache=cache, env=env, memo=memo)

    for _ in range(repeat):
        timed(warm, rebuild)
    warm.notes["files_reread"] = cache.reads - reads
    warm.notes["pages_kept"] = memo.kept
    note = content / uris[len(uris) // 2]
    for i in range(repeat):
        with note.open("a", encoding="utf-8") as handle:
            handle.write(f"\nEdited {i}.\n")
        timed(edited, rebuild)
    edited.notes["pages_rerendered"] = len(memo.pages) - memo.kept
    return [cold, load_cold, warm, edited]


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


def serve_rows(config: Path, content: Path, site: Path, repeat: int) -> list[Row]:
    """A first build and ``repeat`` rebuilds in this process, each after editing one note."""
    os.environ.update(build_env())
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    mkdocs_log = logging.getLogger("mkdocs")
    counter = _Count()
    mkdocs_log.addHandler(counter)
    mkdocs_log.propagate = False
    mkdocs_log.setLevel(logging.WARNING)

    def config_for_serve():  # type: ignore[no-untyped-def]
        loaded = load_config(config_file=str(config), site_dir=str(site))
        loaded.site_url = SERVE_URL
        return loaded

    first = Row("serve first", "first build of `mkdocs serve`, in-process")
    rebuild = Row("serve rebuild", "rebuild after editing one note: plugin instance and read cache reused")
    note = sorted((content / "notes").rglob("*.md"))[len(list((content / "notes").rglob("*.md"))) // 2]
    original = note.read_text(encoding="utf-8")
    loaded = config_for_serve()
    loaded.plugins.on_startup(command="serve", dirty=False)
    try:
        timed(first, lambda: build(loaded, serve_url=SERVE_URL))
        plugin = loaded.plugins["handbook"]
        reads = plugin.cache.reads
        for i in range(repeat):
            note.write_text(original + f"\nEdited for rebuild {i + 1}.\n", encoding="utf-8")
            loaded = config_for_serve()
            timed(rebuild, lambda: build(loaded, serve_url=SERVE_URL))  # noqa: B023
        same = loaded.plugins["handbook"] is plugin
        rebuild.notes["plugin_instance_reused"] = same
        rebuild.notes["files_reread_per_rebuild"] = (plugin.cache.reads - reads) / repeat
    finally:
        note.write_text(original, encoding="utf-8")
        loaded.plugins.on_shutdown()
        mkdocs_log.removeHandler(counter)
        shutil.rmtree(site, ignore_errors=True)
    first.warnings = rebuild.warnings = len(counter.records)
    return [first, rebuild]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def _until(checks: dict[str, Callable[[int, str], bool]], base: str, timeout: float) -> float:
    """Seconds until every page in ``checks`` passes its check, polled every 50 ms."""
    start = time.perf_counter()
    waiting = dict(checks)
    while waiting:
        if time.perf_counter() - start > timeout:
            raise SystemExit(f"serve: not served within {timeout:.0f} s: {sorted(waiting)}")
        for path, ready in list(waiting.items()):
            if ready(*_get(base + path)):
                del waiting[path]
        time.sleep(0.05)
    return time.perf_counter() - start


def _in_search(base: str, word: str, *, held: bool = True) -> Callable[[int, str], bool]:
    """A check on the served search manifest: the term shard it names for ``word`` holds it (or not)."""

    def ready(status: int, body: str) -> bool:
        try:
            shards = json.loads(body)["term_shards"] if status == 200 else None
        except ValueError:  # written while read
            return False
        if shards is None:
            return False
        number = max([0] + [i for i, first in enumerate(shards) if first <= word])
        shard_status, shard = _get(f"{base}search/handbook/terms/{number}.json")
        return shard_status == 200 and (f'["{word}",' in shard) == held

    return ready


def serve_latency_rows(config: Path, content: Path, repeat: int, *, browser: bool) -> list[Row]:
    """A real ``mkdocs serve``: a note saved, added, deleted, timed until every page it changes is served.

    Search's index counts as one of those pages: the word saved must be in it. With ``browser``, the
    search box is then timed on the served site as on the built one.
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}/"
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(config)]
    process = subprocess.Popen(
        command, env=build_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    edit = Row("serve: save a note", "save to its note page, topics page, topic page and search index served")
    add = Row("serve: add a note", "new file to its page, the topics page and the search index served")
    delete = Row("serve: delete a note", "file removed to its page gone, the topics page and search index updated")
    rows = [edit, add, delete]
    notes = sorted((content / "notes").rglob("*.md"))
    note = notes[len(notes) // 2]
    original = note.read_text(encoding="utf-8")
    url = note.relative_to(content).with_suffix("").as_posix() + "/"
    person = re.search(r"^person: (\S+)", original, re.M)
    try:
        _until({"": lambda status, _body: status == 200}, base, 1800)
        for i in range(repeat):
            topic = f"benchtopic{i}x"
            edited = original.replace("\ntopics: [", f"\ntopics: [{topic}, ", 1)
            if edited == original:
                edited = original.replace("\n---\n", f"\ntopics: [{topic}]\n---\n", 1)
            note.write_text(edited + f"\nbenchword{i}\n", encoding="utf-8")
            edit.wall.append(_until({
                url: lambda s, b, i=i: s == 200 and f"benchword{i}" in b,
                "topics/": lambda s, b, t=topic: t in b,
                f"topics/{topic}/": lambda s, _b: s == 200,
                "search/handbook/manifest.json": _in_search(base, f"benchword{i}"),
            }, base, 1800))
            new = note.with_name(f"2026-11-23-bench-{i}.md")
            new_url = new.relative_to(content).with_suffix("").as_posix() + "/"
            new.write_text(
                f"---\nperson: {person.group(1) if person else ''}\ndate: 2026-11-23\ntopics: [benchnew{i}x]\n---\n"
                f"benchnew{i}\n",
                encoding="utf-8",
            )
            add.wall.append(_until({
                new_url: lambda s, b, i=i: s == 200 and f"benchnew{i}" in b,
                "topics/": lambda s, b, i=i: f"benchnew{i}x" in b,
                "search/handbook/manifest.json": _in_search(base, f"benchnew{i}"),
            }, base, 1800))
            new.unlink()
            delete.wall.append(_until({
                new_url: lambda s, _b: s == 404,
                "topics/": lambda s, b, i=i: s == 200 and f"benchnew{i}x" not in b,
                "search/handbook/manifest.json": _in_search(base, f"benchnew{i}", held=False),
            }, base, 1800))
            note.write_text(original, encoding="utf-8")
            if i + 1 < repeat:
                _until({url: lambda s, b, i=i: s == 200 and f"benchword{i}" not in b}, base, 1800)
        if browser:
            restored = _in_search(base, f"benchword{repeat - 1}", held=False)
            _until({"search/handbook/manifest.json": restored}, base, 1800)
            rows.append(search_row(base, repeat, serving=True))
    finally:
        note.write_text(original, encoding="utf-8")
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    for row in (edit, add, delete):
        row.cpu = [float("nan")] * len(row.wall)
    return rows


def search_row(site: Path | str, repeat: int, *, serving: bool = False) -> Row:
    """Search in headless Chromium on the built site, or at the address of ``mkdocs serve`` (see search_latency.py)."""
    from search_latency import header_search, serve_site

    if serving:
        row = Row("search box under serve", "the same on `mkdocs serve`")
        url, httpd = str(site), None
    else:
        row = Row("search box: first result", "Chromium, a page opened, keystroke to first result, bytes per query")
        url, httpd = serve_site(Path(site))
    again: list[float] = []
    try:
        for _ in range(repeat):
            timing = header_search(url, "roadmap", "career")
            row.wall.append(timing.first_ms / 1000)
            row.cpu.append(float("nan"))
            again.append(timing.again_ms)
            row.notes.update(fetched_mb=round(timing.fetched_mb, 2), third_party_requests=timing.third_party)
    finally:
        if httpd is not None:
            httpd.shutdown()
            httpd.server_close()
    row.notes["second_query_ms"] = round(statistics.median(again))
    return row


def write_configs(work: Path) -> dict[str, Path]:
    configs = {
        "plain": CONFIG.format(plugins=PLAIN_PLUGINS, extra=""),
        "plain-not-in-nav": CONFIG.format(plugins=PLAIN_PLUGINS, extra=NOT_IN_NAV),
        "ours": CONFIG.format(plugins=OURS_PLUGINS, extra=""),
    }
    paths = {}
    for name, text in configs.items():
        paths[name] = work / f"{name}.yml"
        paths[name].write_text(text, encoding="utf-8")
    return paths


def fmt_row(row: Row) -> str:
    cpu = statistics.median(row.cpu) if row.cpu else float("nan")
    site = row.site
    size = f"{site.megabytes:9.1f} {site.files:7d} {site.largest_page_kb:9.0f}" if site else " " * 27
    peak = f"{statistics.median(row.peak_mb):8.0f}" if row.peak_mb else " " * 8
    return f"{row.name:28} {row.median:8.2f} {min(row.wall):7.2f} {max(row.wall):7.2f} {cpu:7.2f} {size} {peak}"


def report(rows: dict[str, Row], args: argparse.Namespace) -> str:
    lines = [
        f"{args.people} people, {args.notes} notes, {args.repeat} repeats; "
        f"medians of wall-clock seconds (min, max), CPU seconds of the build process",
        "",
        f"{'':28} {'median':>8} {'min':>7} {'max':>7} {'cpu':>7} {'site MB':>9} {'files':>7} {'max KB':>9} "
        f"{'peak MB':>8}",
    ]
    lines += [fmt_row(row) for row in rows.values()]
    ours = rows["ours"].median
    lines.append("")
    for name in ("plain", "plain, notes not in nav"):
        if name in rows:
            lines.append(f"ours / {name}: {ours / rows[name].median:.2f}x")
            if SECOND in rows:
                lines.append(f"{SECOND} / {name}: {rows[SECOND].median / rows[name].median:.2f}x")
    if "plain, notes not in nav" in rows and rows["ours"].peak_mb:
        plain = rows["plain, notes not in nav"]
        lines.append(
            f"peak memory ours / plain (notes not in nav): "
            f"{statistics.median(rows['ours'].peak_mb) / statistics.median(plain.peak_mb):.2f}x"
        )
    if "core cold" in rows:
        lines.append(f"core cold / ours: {rows['core cold'].median / ours:.1%} of the build")
    if "serve rebuild" in rows:
        lines.append(f"serve rebuild / ours: {rows['serve rebuild'].median / ours:.2f}x")
    for row in rows.values():
        if row.site:
            lines.append(
                f"{row.name}: largest page {row.site.largest_page} ({row.site.largest_page_kb:.0f} KB), "
                f"{row.site.html_pages} pages averaging {row.site.average_page_kb:.0f} KB, "
                f"search index {row.site.search_index_mb:.1f} MB, {row.warnings} warnings"
            )
    for row in rows.values():
        if row.notes:
            lines.append(f"{row.name}: {row.notes}")
        if row.mkdocs_reported:
            lines.append(f"{row.name}: MkDocs reports {statistics.median(row.mkdocs_reported):.2f} s (median)")
    return "\n".join(lines)


def core_linearity(sizes: list[int], people: int, repeat: int, seed: int) -> None:
    """The core rows at each size: time per note should not grow with the notes."""
    lines = [
        f"core only, {people} people, {repeat} repeats; medians of wall-clock seconds (CPU seconds)",
        "",
        f"{'notes':>7} {'cold':>13} {'load':>6} {'warm':>13} {'one saved':>13} {'cold per note':>14} {'peak MB':>8}",
    ]
    results: dict[int, dict[str, object]] = {}
    with tempfile.TemporaryDirectory(prefix="handbook-bench-core-") as tmp:
        for notes in sizes:
            content = Path(tmp) / f"content-{notes}"
            make_synthetic_handbook(content, people=people, notes=notes, seed=seed)
            print(f"  core at {notes} notes ...", flush=True)
            rows = {row.name: row for row in core_rows(content, repeat)}
            cold, load, warm, saved = (
                rows["core cold"], rows["  of which: load"], rows["core warm"], rows["core warm, one note saved"]
            )

            def both(row: Row) -> str:
                return f"{row.median:.2f} ({statistics.median(row.cpu):.2f})"

            lines.append(
                f"{notes:>7} {both(cold):>13} {load.median:>6.2f} {both(warm):>13} {both(saved):>13} "
                f"{cold.median / notes * 1e6:>11.0f} µs {statistics.median(cold.peak_mb):>8.0f}"
            )
            results[notes] = {name: asdict(row) for name, row in rows.items()}
    text = "\n".join(lines)
    print()
    print(text)
    OUT.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    (OUT / f"core-{stamp}.json").write_text(
        json.dumps({"people": people, "repeat": repeat, "versions": versions(), "sizes": results}, indent=2),
        encoding="utf-8",
    )


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for package in ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "handbook"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "missing"
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=None, help="people in the synthetic handbook (40)")
    parser.add_argument("--notes", type=int, default=None, help="notes in the synthetic handbook (2000)")
    parser.add_argument("--repeat", type=int, default=None, help="times each row is measured (5)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="20 people, 200 notes, 3 repeats, unless given")
    parser.add_argument(
        "--large",
        action="store_true",
        help="100 people, 10,000 notes, 2 repeats, unless given; leaves out the implicit nav, the example "
        "and the in-process serve rows (the real `mkdocs serve` rows measure serving)",
    )
    parser.add_argument("--skip-browser", action="store_true", help="leave out search in headless Chromium")
    parser.add_argument(
        "--skip-implicit-nav",
        action="store_true",
        help="leave out plain MkDocs with its implicit nav (quadratic: minutes and GBs at 2,000 notes)",
    )
    parser.add_argument(
        "--core-sizes",
        default="",
        help="only the core rows, at each of these note counts (e.g. 2500,5000,10000, with --people): linearity",
    )
    args = parser.parse_args(argv)
    if args.core_sizes:
        core_linearity([int(n) for n in args.core_sizes.split(",")], args.people or 100, args.repeat or 3, args.seed)
        return
    defaults = (20, 200, 3) if args.quick else (100, 10_000, 2) if args.large else (40, 2000, 5)
    args.people = args.people or defaults[0]
    args.notes = args.notes if args.notes is not None else defaults[1]
    args.repeat = args.repeat or defaults[2]

    OUT.mkdir(parents=True, exist_ok=True)
    rows: dict[str, Row] = {}
    with tempfile.TemporaryDirectory(prefix="handbook-bench-") as tmp:
        work = Path(tmp)
        content = work / "content"
        start = time.perf_counter()
        make_synthetic_handbook(content, people=args.people, notes=args.notes, seed=args.seed)
        print(f"generated {args.people} people, {args.notes} notes in {time.perf_counter() - start:.1f} s", flush=True)
        configs = write_configs(work)
        builds = [
            # Not --strict: a half-edited example in a shared checkout should not stop the run; warnings are counted.
            (Row("example", "the repo's example handbook (mkdocs.yml), mkdocs build"), REPO / "mkdocs.yml", False),
            (Row("plain", "plain MkDocs + Material, implicit nav (every note on every page)"), configs["plain"], False),
            (
                Row("plain, notes not in nav", "plain MkDocs + Material, not_in_nav: /notes/**"),
                configs["plain-not-in-nav"],
                False,
            ),
            (Row("ours", "mkdocs build --strict with the handbook plugin, no render cache"), configs["ours"], True),
            (Row(SECOND, "the same build again, with the render cache the first left"), configs["ours"], True),
        ]
        if args.skip_implicit_nav or args.large:
            builds = [b for b in builds if b[0].name != "plain"]
        if args.large:
            builds = [b for b in builds if b[0].name != "example"]
        for row, _config, _strict in builds:
            rows[row.name] = row
        # Round-robin, so a noisy minute hurts every variant alike rather than one.
        for i in range(args.repeat):
            for row, config, strict in builds:
                print(f"  [{i + 1}/{args.repeat}] {row.name} ...", end="", flush=True)
                if row.name == "ours":
                    shutil.rmtree(work / ".cache", ignore_errors=True)  # cold: the next row is the warm one
                keep = work / "ours-site" if row.name == "ours" else None
                mkdocs_build(row, config, work / "site", strict=strict, keep=keep)
                print(f" {row.wall[-1]:.2f} s", flush=True)
        if not args.skip_browser:
            print("  search in Chromium ...", flush=True)
            rows["search box"] = search_row(work / "ours-site", args.repeat)
        print("  core ...", flush=True)
        for row in core_rows(content, args.repeat):
            rows[row.name] = row
        if not args.large:
            print("  serve in-process ...", flush=True)
            for row in serve_rows(configs["ours"], content, work / "serve-site", args.repeat):
                rows[row.name] = row
        print("  mkdocs serve: save, add, delete ...", flush=True)
        # A save that changes only notes updates the served site in place: three of each are timed.
        for row in serve_latency_rows(configs["ours"], content, max(3, args.repeat), browser=not args.skip_browser):
            rows[row.name] = row

    text = report(rows, args)
    print()
    print(text)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    result = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "processor": platform.machine()},
        "versions": versions(),
        "people": args.people,
        "notes": args.notes,
        "repeat": args.repeat,
        "seed": args.seed,
        "rows": {
            name: {
                **asdict(row),
                "median_s": row.median,
                "min_s": min(row.wall),
                "max_s": max(row.wall),
                "cpu_median_s": statistics.median(row.cpu) if row.cpu else None,
                "peak_mb_median": statistics.median(row.peak_mb) if row.peak_mb else None,
            }
            for name, row in rows.items()
        },
    }
    for path in (OUT / f"results-{args.notes}-{stamp}.json", OUT / f"latest-{args.notes}.json"):
        path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {OUT / f'results-{args.notes}-{stamp}.json'}")


if __name__ == "__main__":
    main()
