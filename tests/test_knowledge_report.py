"""Forms table and link check; the link check runs against a local server only."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import Alternative, Entry, KnowledgeBase, Platform
from bot.knowledge.regions import REGIONS
from bot.knowledge.report import check_urls, format_check, forms_table


class Handler(BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:
        if self.path == "/no-head":
            self._reply(405)
        else:
            self._route()

    def do_GET(self) -> None:
        self._route()

    def _route(self) -> None:
        if self.path in ("/ok", "/no-head"):
            self._reply(200)
        elif self.path == "/moved":
            self._reply(302, location="/ok")
        elif self.path == "/loop":
            self._reply(302, location="/loop")
        else:
            self._reply(404)

    def _reply(self, status: int, location: str | None = None) -> None:
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def local_kb(base: str) -> KnowledgeBase:
    """Built directly: the loader rightly refuses the plain-http URLs of a local test server."""

    def entry(entry_id: str, path: str, regions: tuple[str, ...]) -> Entry:
        return Entry(
            id=entry_id,
            platform="demo",
            regions=regions,
            kind="form",
            status="confirmed",
            checked=date(2025, 5, 1),
            sources=("test",),
            url=f"{base}{path}",
            alternatives=(Alternative("Also.", "Alt", f"{base}/ok"),),
        )

    entries = (
        entry("ok", "/ok", ("eea",)),
        entry("no-head", "/no-head", ("uk",)),
        entry("moved", "/moved", ("ch",)),
        entry("loop", "/loop", ("br",)),
        entry("gone", "/gone", ("us", "au", "kr", "row")),
    )
    return KnowledgeBase(platforms=(Platform("demo", "Demo"),), entries=entries)


async def test_check_urls_against_local_server(server: str) -> None:
    results = {r.url.removeprefix(server): r for r in await check_urls(local_kb(server))}
    assert set(results) == {"/ok", "/no-head", "/moved", "/loop", "/gone"}
    assert results["/ok"].ok
    assert results["/ok"].entries == ("ok", "no-head", "moved", "loop", "gone")
    assert results["/no-head"].ok and results["/no-head"].status == 200
    assert results["/moved"].ok and results["/moved"].final_url == f"{server}/ok"
    assert not results["/loop"].ok and results["/loop"].error == "too many redirects"
    assert not results["/gone"].ok and results["/gone"].status == 404
    report = format_check(list(results.values()))
    assert "FAIL" in report and "used by gone" in report
    assert report.endswith("3 of 5 links OK, 2 failed")


async def test_check_urls_with_own_client_and_timeout(server: str) -> None:
    async with httpx.AsyncClient(max_redirects=2) as client:
        results = await check_urls(local_kb(server), client=client, concurrency=1, timeout=2)
    assert sum(r.ok for r in results) == 3


async def test_unreachable_host_is_a_failure() -> None:
    kb = local_kb("http://127.0.0.1:9")  # discard port: nothing listens
    results = await check_urls(kb, timeout=1)
    assert results and not any(r.ok for r in results)
    assert all(r.error for r in results)


def test_forms_table_covers_every_platform_and_region() -> None:
    kb = load_knowledge()
    table = forms_table(kb).splitlines()
    assert table[0].split() == ["platform", "region", "entry", "kind", "url", "status", "checked"]
    assert len(table) == 1 + len(kb.platforms) * len(REGIONS)
    row = next(line for line in table if line.startswith("facebook ") and " eea " in line)
    assert "https://www.facebook.com/help/contact/712876720715583" in row
    assert "confirmed" in row and "2025-05-26" in row
