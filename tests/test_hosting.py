"""The hosting recipe: hosting/nginx.conf with basic auth over a team build, served by Debian's nginx.

nginx runs in the foreground on a free port of 127.0.0.1 with its own prefix,
pid file and logs in a temp folder; the password file comes from htpasswd.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, TODAY
from test_privacy import CANARIES, FILES

from generator.cli import main

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
HTPASSWD = shutil.which("htpasswd")
RECIPE = REPO / "hosting" / "nginx.conf"
TEAM_ONLY = "We talked about the roadmap."
"""In the team note of the privacy fixture: the page served must be the team build's."""


def missing(reason: str) -> None:
    # CI installs nginx and apache2-utils (.ci/run): there a missing tool is a failure.
    if os.environ.get("CI"):
        pytest.fail(f"{reason}, and this is CI")
    pytest.skip(reason)


@dataclass(frozen=True)
class Served:
    url: str
    user: str
    password: str

    def get(self, path: str, *, auth: tuple[str, str] | None = None) -> tuple[int, str, dict[str, str]]:
        request = urllib.request.Request(self.url + path)
        if auth is not None:
            token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
            request.add_header("Authorization", f"Basic {token}")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode("utf-8"), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", errors="replace"), dict(error.headers)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fill(recipe: str, **values: str) -> str:
    filled = re.sub(r"\{\{ (\w+) \}\}", lambda m: values[m.group(1)], recipe)
    assert "{{" not in filled
    return filled


@pytest.fixture
def team_site(make_handbook: Callable[..., Path], tmp_path: Path) -> Path:
    project = make_handbook(FILES)
    cwd = os.getcwd()
    os.chdir(project)
    try:
        result = CliRunner().invoke(
            main, ["build", "--audience", "team", "-d", str(tmp_path / "team-site")], env={"HANDBOOK_TODAY": TODAY}
        )
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    return tmp_path / "team-site"


@pytest.fixture
def served(team_site: Path, tmp_path: Path) -> Iterator[Served]:
    if not Path(NGINX).is_file():
        missing("no nginx (apt-get install nginx)")
    if HTPASSWD is None:
        missing("no htpasswd (apt-get install apache2-utils)")
    prefix = tmp_path / "nginx"
    (prefix / "logs").mkdir(parents=True)
    password_file = prefix / "htpasswd"
    subprocess.run([HTPASSWD, "-cbB", str(password_file), "alex", "correct horse"], check=True, capture_output=True)
    port = free_port()
    site_conf = prefix / "handbook.conf"
    site_conf.write_text(
        fill(
            RECIPE.read_text(encoding="utf-8"),
            listen=f"127.0.0.1:{port}",
            server_name="localhost",
            site_dir=str(team_site),
            htpasswd_file=str(password_file),
        ),
        encoding="utf-8",
    )
    # What Debian's /etc/nginx/nginx.conf does around sites-enabled, in a temp folder.
    main_conf = prefix / "nginx.conf"
    main_conf.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")  # workers must read the test's private temp folder
        + f"pid {prefix / 'nginx.pid'};\n"
        f"error_log {prefix / 'logs' / 'error.log'};\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        "  include /etc/nginx/mime.types;\n"
        f"  access_log {prefix / 'logs' / 'access.log'};\n"
        f"  client_body_temp_path {prefix / 'body'};\n"
        f"  proxy_temp_path {prefix / 'proxy'};\n"
        f"  fastcgi_temp_path {prefix / 'fastcgi'};\n"
        f"  uwsgi_temp_path {prefix / 'uwsgi'};\n"
        f"  scgi_temp_path {prefix / 'scgi'};\n"
        f"  include {site_conf};\n"
        "}\n",
        encoding="utf-8",
    )
    tested = subprocess.run([NGINX, "-t", "-p", str(prefix), "-c", str(main_conf)], capture_output=True, text=True)
    assert tested.returncode == 0, tested.stderr
    server = subprocess.Popen(
        [NGINX, "-p", str(prefix), "-c", str(main_conf), "-g", "daemon off;"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            if server.poll() is not None:
                pytest.fail(f"nginx exited {server.returncode}: {server.stderr.read().decode() if server.stderr else ''}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        yield Served(url, "alex", "correct horse")
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_the_team_site_needs_the_password(served: Served) -> None:
    status, _, headers = served.get("/")
    assert status == 401
    assert headers.get("WWW-Authenticate") == 'Basic realm="Handbook"'
    assert served.get("/", auth=("alex", "wrong"))[0] == 401
    assert served.get("/notes/2026-11-20/", auth=("mallory", "correct horse"))[0] == 401
    assert served.get("/search/search_index.json")[0] == 401
    assert served.get("/search/handbook/manifest.json")[0] == 401


def test_with_the_password_the_pages_are_the_team_builds(served: Served) -> None:
    auth = (served.user, served.password)
    status, home, headers = served.get("/", auth=auth)
    assert status == 200
    assert headers.get("Cache-Control") == "private, no-store"
    assert headers.get("X-Robots-Tag") == "noindex, nofollow"
    status, note, _ = served.get("/notes/2026-11-20/", auth=auth)
    assert status == 200 and TEAM_ONLY in note
    # The search box's index, in parts: the manifest names the term shard that holds a word.
    status, manifest, _ = served.get("/search/handbook/manifest.json", auth=auth)
    assert status == 200
    shard = max(i for i, first in enumerate(json.loads(manifest)["term_shards"]) if first <= "roadmap")
    status, index, _ = served.get(f"/search/handbook/terms/{shard}.json", auth=auth)
    assert status == 200 and '["roadmap",' in index
    for body in (home, note, index):
        for canary in CANARIES:
            assert canary not in body, canary
    # The private note is not in the team build: the address answers 404, behind the login too.
    assert served.get("/notes/2026-10-16/", auth=auth)[0] == 404
    assert served.get("/notes/2026-10-16/")[0] == 401
