"""A minimal asyncio HTTP/1.1 server for the fake Bot API.

Only what a Bot API client needs: keep-alive connections, Content-Length (or chunked) bodies,
and the three body encodings Telegram accepts (urlencoded form, multipart form, JSON). Kept
separate from the Telegram semantics so the fake's state logic never sees raw bytes.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from email.message import Message as _MimeHeaders
from typing import Any
from urllib.parse import parse_qsl, urlsplit

MAX_HEADER_BYTES = 64 * 1024
REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    413: "Payload Too Large",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request, as the bot uploaded it."""

    field: str
    filename: str | None
    content: bytes
    content_type: str | None = None


@dataclass
class HttpRequest:
    """A parsed request: form/JSON fields plus uploaded files."""

    verb: str
    path: str
    fields: dict[str, Any] = field(default_factory=dict)
    files: dict[str, UploadedFile] = field(default_factory=dict)
    is_json: bool = False
    body_error: str | None = None


Handler = Callable[[HttpRequest], Awaitable[tuple[int, dict[str, Any]]]]


class BadHttp(Exception):
    """The peer spoke something that is not HTTP/1.1 as we understand it."""


def _header_params(value: str) -> tuple[str, dict[str, str]]:
    """Split ``type/sub; a=b`` into the main value and its parameters (RFC 2045 rules)."""
    msg = _MimeHeaders()
    msg["content-type"] = value
    params = {k.lower(): v for k, v in msg.get_params(failobj=[])[1:]}
    return msg.get_content_type(), params


def _disposition(value: str) -> dict[str, str]:
    msg = _MimeHeaders()
    msg["content-disposition"] = value
    return {k.lower(): str(v) for k, v in msg.get_params(header="content-disposition")[1:]}


def parse_multipart(body: bytes, boundary: str) -> tuple[dict[str, str], dict[str, UploadedFile]]:
    """Split a multipart/form-data body into text fields and file parts."""
    fields: dict[str, str] = {}
    files: dict[str, UploadedFile] = {}
    delimiter = b"--" + boundary.encode("latin-1")
    for raw_part in body.split(delimiter)[1:]:
        if raw_part.startswith(b"--"):
            break
        part = raw_part.removeprefix(b"\r\n").removesuffix(b"\r\n")
        head, sep, content = part.partition(b"\r\n\r\n")
        if not sep:
            raise BadHttp("multipart part without header separator")
        headers: dict[str, str] = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        disposition = _disposition(headers.get("content-disposition", ""))
        name = disposition.get("name")
        if name is None:
            raise BadHttp("multipart part without a name")
        if "filename" in disposition:
            files[name] = UploadedFile(
                field=name,
                filename=_html5_unescape(disposition["filename"]),
                content=content,
                content_type=headers.get("content-type"),
            )
        else:
            fields[name] = content.decode("utf-8")
    return fields, files


def _html5_unescape(name: str) -> str:
    """Browsers and httpx percent-escape quotes and newlines in multipart file names."""
    return name.replace("%22", '"').replace("%0D", "\r").replace("%0A", "\n")


def parse_body(request: HttpRequest, content_type: str | None, body: bytes) -> None:
    """Fill ``request.fields``/``files`` from the body according to its content type."""
    if not body:
        return
    mime, params = _header_params(content_type or "application/x-www-form-urlencoded")
    try:
        if mime == "application/json":
            data = json.loads(body.decode("utf-8"))
            if not isinstance(data, dict):
                raise BadHttp("JSON body must be an object")
            request.fields.update(data)
            request.is_json = True
        elif mime == "multipart/form-data":
            boundary = params.get("boundary")
            if not boundary:
                raise BadHttp("multipart body without boundary")
            fields, files = parse_multipart(body, boundary)
            request.fields.update(fields)
            request.files.update(files)
        else:
            request.fields.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    except (BadHttp, ValueError) as exc:
        request.body_error = str(exc)


async def _read_body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes:
    if headers.get("transfer-encoding", "").lower() == "chunked":
        parts: list[bytes] = []
        while True:
            size = int((await reader.readline()).split(b";")[0].strip() or b"0", 16)
            if size == 0:
                await reader.readline()  # the empty line after the last chunk (no trailers)
                return b"".join(parts)
            parts.append(await reader.readexactly(size))
            await reader.readexactly(2)
    length = int(headers.get("content-length", "0") or 0)
    return await reader.readexactly(length) if length else b""


async def read_request(reader: asyncio.StreamReader) -> tuple[HttpRequest, bool] | None:
    """Read one request; returns it and whether the connection should stay open."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    except asyncio.LimitOverrunError as exc:
        raise BadHttp("headers too large") from exc
    lines = head.decode("latin-1").split("\r\n")
    try:
        verb, target, version = lines[0].split(" ", 2)
    except ValueError as exc:
        raise BadHttp(f"bad request line {lines[0]!r}") from exc
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    body = await _read_body(reader, headers)
    url = urlsplit(target)
    request = HttpRequest(verb=verb.upper(), path=url.path)
    if url.query:
        request.fields.update(parse_qsl(url.query, keep_blank_values=True))
    parse_body(request, headers.get("content-type"), body)
    connection = headers.get("connection", "").lower()
    keep_alive = connection != "close" if version == "HTTP/1.1" else connection == "keep-alive"
    return request, keep_alive


def encode_response(status: int, payload: dict[str, Any], keep_alive: bool) -> bytes:
    """Serialize a JSON response the way the Bot API sends it."""
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    head = (
        f"HTTP/1.1 {status} {REASONS.get(status, 'Unknown')}\r\n"
        "Server: fake-bot-api\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        f"Connection: {'keep-alive' if keep_alive else 'close'}\r\n\r\n"
    )
    return head.encode("latin-1") + body


class HttpServer:
    """Serves ``handler`` on a loopback port; owns and cancels its connection tasks."""

    def __init__(self, handler: Handler, host: str = "127.0.0.1", port: int = 0) -> None:
        self._handler = handler
        self.host = host
        self.port = port
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(
            self._serve_connection, self.host, self.port, limit=MAX_HEADER_BYTES
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is None:
            return
        self._server.close()
        tasks = list(self._connections)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self._server.wait_closed()
        self._server = None

    async def _serve_connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        try:
            while True:
                try:
                    parsed = await read_request(reader)
                except (BadHttp, ValueError):
                    writer.write(encode_response(400, _bad_http(), keep_alive=False))
                    await writer.drain()
                    return
                if parsed is None:
                    return
                request, keep_alive = parsed
                status, payload = await self._handler(request)
                writer.write(encode_response(status, payload, keep_alive))
                await writer.drain()
                if not keep_alive:
                    return
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        except asyncio.CancelledError:
            # Only stop() cancels these tasks. Ending normally avoids Python 3.11's
            # StreamReaderProtocol logging the cancellation as an unhandled error.
            return
        finally:
            self._connections.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()


def _bad_http() -> dict[str, Any]:
    return {"ok": False, "error_code": 400, "description": "Bad Request: malformed HTTP request"}
