"""Moderator reports: what the bot tells each region, and whether every link still answers.

Facts age and form IDs change, so the table shows status and check date per answer, and
``check_urls`` finds dead links before users do. Run: ``python -m bot.knowledge.report --check``.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx

from bot.knowledge.model import KnowledgeBase
from bot.knowledge.regions import REGIONS

MAX_REDIRECTS = 5
USER_AGENT = "objection-helper-linkcheck/1.0 (+https://github.com/)"


def forms_table(kb: KnowledgeBase) -> str:
    """One row per platform × region: entry, kind, URL, status, checked date (aligned text)."""
    header = ("platform", "region", "entry", "kind", "url", "status", "checked")
    rows = [header]
    for platform in kb.platforms:
        for region in REGIONS:
            entry = kb.lookup_region(platform.id, region)
            url = entry.url or (f"mailto:{entry.email.to}" if entry.email else "-")
            rows.append(
                (
                    platform.id,
                    region,
                    entry.id,
                    entry.kind,
                    url,
                    entry.status,
                    entry.checked.isoformat(),
                )
            )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


@dataclass(frozen=True)
class UrlCheck:
    """The outcome for one URL; ``entries`` says which answers break if it is dead."""

    url: str
    ok: bool
    status: int | None
    entries: tuple[str, ...]
    final_url: str | None = None
    error: str | None = None


def urls_of(kb: KnowledgeBase) -> dict[str, tuple[str, ...]]:
    """Every distinct link users are sent to (main links and alternatives) → entry ids."""
    found: dict[str, list[str]] = {}
    for entry in kb.entries:
        links = [entry.url, *(alt.url for alt in entry.alternatives)]
        for url in links:
            ids = found.setdefault(url, []) if url else []
            if url and entry.id not in ids:
                ids.append(entry.id)
    return {url: tuple(ids) for url, ids in found.items()}


async def check_urls(
    kb: KnowledgeBase,
    *,
    timeout: float = 10.0,  # noqa: ASYNC109 - a per-request httpx timeout, not a deadline
    concurrency: int = 8,
    client: httpx.AsyncClient | None = None,
) -> list[UrlCheck]:
    """Request every distinct URL (HEAD, GET if HEAD is refused), a few at a time."""
    urls = urls_of(kb)
    semaphore = asyncio.Semaphore(concurrency)
    own_client = client is None
    http = client or httpx.AsyncClient(
        timeout=timeout,
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        headers={"User-Agent": USER_AGENT},
    )
    try:

        async def one(url: str) -> UrlCheck:
            async with semaphore:
                return await _check(http, url, urls[url], timeout)

        return list(await asyncio.gather(*(one(url) for url in urls)))
    finally:
        if own_client:
            await http.aclose()


async def _check(
    http: httpx.AsyncClient, url: str, entries: tuple[str, ...], request_timeout: float
) -> UrlCheck:
    try:
        response = await http.head(url, follow_redirects=True, timeout=request_timeout)
        if response.status_code in (405, 501):
            response = await http.get(url, follow_redirects=True, timeout=request_timeout)
    except httpx.TooManyRedirects:
        return UrlCheck(url, False, None, entries, error="too many redirects")
    except httpx.TimeoutException:
        return UrlCheck(url, False, None, entries, error="timeout")
    except httpx.HTTPError as exc:
        return UrlCheck(url, False, None, entries, error=f"{type(exc).__name__}: {exc}")
    status = response.status_code
    return UrlCheck(
        url,
        200 <= status < 400,
        status,
        entries,
        final_url=str(response.url),
        error=None if status < 400 else f"HTTP {status}",
    )


def format_check(results: list[UrlCheck]) -> str:
    """Failures first with the entries they affect, then a one-line summary."""
    failed = sorted((r for r in results if not r.ok), key=lambda r: r.url)
    lines = [f"FAIL {r.url}  ({r.error}; used by {', '.join(r.entries)})" for r in failed]
    lines.append(f"{len(results) - len(failed)} of {len(results)} links OK, {len(failed)} failed")
    return "\n".join(lines)
