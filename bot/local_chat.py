"""``python -m bot try``: chat with the real bot in a terminal, through the loopback fake Bot API.

The real ``Application`` runs against an in-process fake Telegram; what you type is injected as
your message, numbers press the buttons of the bot's last keyboard, and the bot's messages are
printed as plain text. With stdin not a terminal it reads one message per line, for scripts.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, TextIO

from bot.fakeapi import FakeBotApi, FakeUser
from bot.lifecycle import running_bot
from bot.settings import Settings

TOKEN = "1000000001:local-terminal-chat-token-000000000"
USER_ID = 424242


class _PlainText(HTMLParser):
    """Telegram HTML to terminal text: links keep their address, other tags are dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href:
            self.parts.append(f" <{self._href}>")
            self._href = None

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(message: dict[str, Any]) -> str:
    """The readable text of a bot message."""
    text = message.get("raw_text") or message.get("text") or message.get("caption") or ""
    if message.get("parse_mode") != "HTML":
        return text
    parser = _PlainText()
    parser.feed(text)
    parser.close()
    return "".join(parser.parts)


class Transcript:
    """Prints what the bot sent or edited since the last look, and numbers its buttons."""

    def __init__(self, api: FakeBotApi, chat_id: int, out: TextIO) -> None:
        self._api, self._chat_id, self._out = api, chat_id, out
        self._shown: dict[int, str] = {}
        self.buttons: list[tuple[dict[str, Any], str]] = []

    def print_new(self) -> None:
        """Print each new or changed bot message once."""
        for message in self._api.messages(self._chat_id):
            rendered = self._render(message)
            message_id = message["message_id"]
            if self._shown.get(message_id) == rendered:
                continue
            edited = message_id in self._shown
            self._shown[message_id] = rendered
            self._out.write(("bot (edited):\n" if edited else "bot:\n") + rendered + "\n\n")
        self._out.flush()

    def _render(self, message: dict[str, Any]) -> str:
        lines = ["  " + line for line in plain_text(message).splitlines()]
        document = message.get("document")
        if document:
            lines.append(f"  [file: {document.get('file_name', 'document')}]")
        keyboard = (message.get("reply_markup") or {}).get("inline_keyboard") or []
        callbacks = []
        for row in keyboard:
            for button in row:
                if "url" in button:
                    lines.append(f"  [link] {button['text']} → {button['url']}")
                elif "callback_data" in button:
                    callbacks.append((message, button["callback_data"]))
                    lines.append(f"  [{len(callbacks)}] {button['text']}")
        if callbacks:
            self.buttons = callbacks
        return "\n".join(lines)


async def chat(
    language_code: str,
    name: str,
    database: Path | None,
    stdin: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
) -> int:
    """Run the local chat until end of input."""
    interactive = stdin.isatty()
    with tempfile.TemporaryDirectory(prefix="objection-helper-") as scratch:
        async with FakeBotApi(token=TOKEN) as api:
            settings = Settings(
                token=TOKEN, api_url=api.url, database=database or Path(scratch) / "try.sqlite3"
            )
            async with running_bot(settings, poll_timeout=1):
                user = FakeUser(id=USER_ID, first_name=name, language_code=language_code)
                transcript = Transcript(api, USER_ID, out)
                if interactive:
                    out.write(
                        "Local chat with Objection Helper. Type /start; a number presses a "
                        "button; Ctrl-D ends.\n\n"
                    )
                await _converse(
                    api, user, transcript, stdin=stdin, out=out, interactive=interactive
                )
    return 0


async def _converse(
    api: FakeBotApi,
    user: FakeUser,
    transcript: Transcript,
    *,
    stdin: TextIO,
    out: TextIO,
    interactive: bool,
) -> None:
    while True:
        if interactive:
            out.write("you> ")
            out.flush()
        line = await asyncio.to_thread(stdin.readline)
        if not line:
            return
        text = line.strip()
        if not text:
            continue
        if not interactive:
            out.write(f"you> {text}\n")
        if text.isdigit() and 1 <= int(text) <= len(transcript.buttons):
            message, data = transcript.buttons[int(text) - 1]
            api.press_button(user, message, data)
        else:
            api.send_text(user, text)
        await api.wait_idle(quiet=0.3, timeout=30)
        transcript.print_new()
