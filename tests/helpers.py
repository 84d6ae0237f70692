"""Helpers several test modules share: HTML checks, a source-language translator, and the bot
as a separate process."""

from __future__ import annotations

import asyncio
import html
import os
import re
import sys
from pathlib import Path

from babel.support import NullTranslations

from bot.fakeapi import FakeBotApi
from bot.i18n import Translator

ROOT = Path(__file__).resolve().parent.parent
TAG = re.compile(r"<(/?)([a-z]+)((?:\s+[a-z]+=\"[^\"]*\")*)\s*>")
TELEGRAM_TAGS = frozenset({"b", "i", "a", "code", "pre"})


def source_translator(language: str = "en") -> Translator:
    """A translator without catalogs: the English source text, formatted for ``language``."""
    return Translator(language, NullTranslations())


def check_html(text: str, allowed: frozenset[str] = TELEGRAM_TAGS) -> str:
    """Assert Telegram-safe HTML (only ``allowed`` tags, balanced, escaped, https links) and
    return the visible text."""
    stack: list[str] = []
    for match in TAG.finditer(text):
        closing, name, attrs = match.groups()
        assert name in allowed, name
        if closing:
            assert stack and stack.pop() == name, text
        else:
            if name == "a":
                assert re.fullmatch(r' href="https://[^"<>\s]+"', attrs), attrs
            else:
                assert not attrs
            stack.append(name)
    assert not stack, stack
    visible = TAG.sub("", text)
    assert "<" not in visible and ">" not in visible
    assert not re.search(r"&(?!(amp|lt|gt|quot|#x27);)", visible), "unescaped &"
    return html.unescape(visible)


def clean_env(**values: str) -> dict[str, str]:
    """This process's environment without any bot configuration, plus ``values``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    env.update(values)
    return env


async def start_bot(
    api: FakeBotApi, token: str, database: Path, *, stdout: int = asyncio.subprocess.DEVNULL
) -> asyncio.subprocess.Process:
    """``python -m bot run`` as its own process, serving the fake API from ``database``."""
    env = clean_env(TELEGRAM_BOT_TOKEN=token, TELEGRAM_API_URL=api.url, BOT_DATABASE=str(database))
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=ROOT,
        env=env,
        stdout=stdout,
        stderr=asyncio.subprocess.PIPE,
    )
