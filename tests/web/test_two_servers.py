"""Two app servers, one PostgreSQL: whichever server answers, a session, an edit clash and a
publication behave the same (issue 13, docs/deploying.md)."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
START_POSTGRES = REPO / "scripts" / "start-postgres"

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        pytest.fail("PostgreSQL is not installed (apt-get install postgresql): this test needs it")
    env = {**os.environ, "CSPKIT_PG_PORT": str(_free_port())}
    output = subprocess.run([str(START_POSTGRES)], env=env, capture_output=True, text=True, check=True).stdout
    variables = dict(re.findall(r"export (\w+)=(\S+)", output))
    try:
        yield variables["CSPKIT_DATABASE_URL"]
    finally:
        subprocess.run([str(START_POSTGRES), "stop"], env={**os.environ, **variables}, check=False)


def _serve(home: Path, database_url: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "CSPKIT_HOME": str(home), "CSPKIT_DATABASE_URL": database_url}
    cspkit = Path(sys.executable).with_name("cspkit")
    server = subprocess.Popen(
        [
            str(cspkit),
            "serve",
            "--demo",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "--threads",
            "2",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        assert server.poll() is None, f"cspkit serve stopped with exit code {server.returncode}"
        try:
            if requests.get(f"http://127.0.0.1:{port}/board/published/", timeout=60).status_code == 200:
                return server
        except requests.RequestException:
            time.sleep(0.5)
    raise AssertionError("cspkit serve did not answer within 300 s")


@pytest.fixture(scope="module")
def servers(postgres: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """Two servers sharing the database and the data folder; the first creates the demo."""
    home = tmp_path_factory.mktemp("shared-home")
    ports = [_free_port(), _free_port()]
    started = [_serve(home, postgres, ports[0])]
    try:
        started.append(_serve(home, postgres, ports[1]))
        yield tuple(f"http://127.0.0.1:{port}" for port in ports)
    finally:
        for server in started:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


def _sign_in(base: str, username: str) -> requests.Session:
    session = requests.Session()
    form = session.get(f"{base}/accounts/sign-in/").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
    answer = session.post(
        f"{base}/accounts/sign-in/",
        {"csrfmiddlewaretoken": token, "username": username, "password": "cspkit-demo"},
        headers={"Referer": f"{base}/accounts/sign-in/"},
        allow_redirects=False,
    )
    assert answer.status_code == 302
    return session


def _post(session: requests.Session, base: str, path: str, data: dict) -> requests.Response:
    page = session.get(f"{base}{path}").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    return session.post(
        f"{base}{path}",
        {"csrfmiddlewaretoken": token, **data},
        headers={"Referer": f"{base}{path}"},
        allow_redirects=False,
    )


def _draft_report(session: requests.Session, base: str, earlier: int) -> str:
    """Start a draft report for the ``earlier``-th oldest quarter offered and return its path."""
    listing = session.get(f"{base}/board/").text
    plan = re.search(r'href="/board/plans/(\d+)/"', listing)[1]
    page = session.get(f"{base}/board/plans/{plan}/").text
    quarter = re.findall(r'<option value="(\d{4}-q\d)"', page)[-earlier]
    answer = _post(session, base, f"/board/plans/{plan}/", {"quarter": quarter})
    assert answer.status_code == 302, answer.text[:500]
    return answer.headers["Location"]


def test_a_session_made_on_one_server_works_on_the_other(servers) -> None:
    first, second = servers
    session = _sign_in(first, "coordinator")
    page = session.get(f"{second}/", allow_redirects=False)
    assert page.status_code == 200 and "Signed in as Chris Coordinator" in page.text
    assert "no-store" in page.headers["Cache-Control"]


def test_an_edit_clash_is_a_409_whichever_server_answers(servers) -> None:
    first, second = servers
    coordinator, analyst_session = _sign_in(first, "coordinator"), _sign_in(second, "coordinator")
    report = _draft_report(coordinator, first, earlier=1)
    opened = coordinator.get(f"{first}{report}summary/").text
    version = re.search(r'name="opened_version" value="(\d+)"', opened)[1]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', opened)[1]
    saved = _post(
        analyst_session, second, f"{report}summary/", {"summary": "From server two", "opened_version": version}
    )
    assert saved.status_code == 302
    clash = coordinator.post(
        f"{first}{report}summary/",
        {"csrfmiddlewaretoken": token, "summary": "From server one", "opened_version": version},
        headers={"Referer": f"{first}{report}summary/"},
        allow_redirects=False,
    )
    assert clash.status_code == 409 and "This was changed by Chris Coordinator at" in clash.text


def test_a_report_published_on_one_server_is_the_same_version_on_the_other(servers) -> None:
    first, second = servers
    coordinator = _sign_in(first, "coordinator")
    report = _draft_report(coordinator, first, earlier=2)
    page = coordinator.get(f"{first}{report}").text
    version = re.search(r'name="version" value="(\d+)"', page)[1]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    published = coordinator.post(
        f"{first}{report}publish/",
        {"csrfmiddlewaretoken": token, "version": version},
        headers={"Referer": f"{first}{report}"},
        allow_redirects=False,
    )
    assert published.status_code == 302
    public_first = requests.get(f"{first}{report}").text
    public_second = requests.get(f"{second}{report}").text
    assert "Version 1, published" in public_second

    def without_tokens(html: str) -> str:
        return re.sub(r"[A-Za-z0-9]{64}", "", html)  # each answer carries its own CSRF token

    assert without_tokens(public_first) == without_tokens(public_second)
