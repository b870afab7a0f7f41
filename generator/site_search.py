"""Search that fetches only what a query needs: a Pagefind index of the finished site.

Material's own search downloads one index of every page and builds it in the
browser on each page opened (25 MB and about 6 s at 10,000 notes). Pagefind
splits its index into small chunks; a query fetches the few it needs (the
first about 100 KB, later ones about 20 KB). It indexes the built HTML, so it
holds exactly what the build published for its audience.

It needs ``fetch``, which browsers refuse on ``file://``: a site built to be
opened from disk keeps Material's search only. Pure Python: no MkDocs imports.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

SEARCH_PAGE = "search.md"
"""The page with the search box, at ``/search/``."""
BUNDLE = "pagefind"
"""Where the index and its scripts go in the site."""
ROOT_SELECTOR = "article"
"""Each page's text, without the navigation that every page repeats."""


def search_index_available() -> bool:
    """Whether the Pagefind binary is installed (it comes with the handbook package)."""
    return importlib.util.find_spec("pagefind_bin") is not None


def index_for_search(site_dir: Path) -> str | None:
    """Write the search index of the built site at ``site_dir``; why it could not be, or None."""
    command = [
        sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", BUNDLE,
        "--root-selector", ROOT_SELECTOR, "--exclude-selectors", ".headerlink", "--silent",
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=1800, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"search index: Pagefind could not run ({exc})"
    if result.returncode != 0:
        last = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no message"]
        return f"search index: Pagefind failed ({result.returncode}): {last[0]}"
    if not (site_dir / BUNDLE / "pagefind.js").is_file():
        return f"search index: Pagefind wrote nothing to {site_dir / BUNDLE}"
    return None
