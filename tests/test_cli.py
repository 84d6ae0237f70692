"""The command line as people and containers use it: bad configuration, the local chat, and a
clean stop on SIGTERM."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

import pytest

from bot.fakeapi import FakeBotApi, FakeUser
from bot.i18n import Catalogs
from tests.conftest import TOKEN
from tests.helpers import ROOT, clean_env, start_bot


async def _run(*args: str, env: dict[str, str], stdin: bytes = b"") -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=ROOT,
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(stdin), timeout=60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


@pytest.mark.parametrize(
    ("environ", "variable"),
    [
        ({}, "TELEGRAM_BOT_TOKEN"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_LOG_LEVEL": "chatty"}, "BOT_LOG_LEVEL"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_MODERATORS": "me"}, "BOT_MODERATORS"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_WEBHOOK_PORT": "0"}, "BOT_WEBHOOK_PORT"),
    ],
)
async def test_invalid_configuration_exits_2_with_one_line(
    environ: dict[str, str], variable: str
) -> None:
    code, out, err = await _run("run", env=clean_env(**environ))
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and variable in lines[0], err


async def test_try_prints_a_german_greeting(tmp_path: Path) -> None:
    code, out, err = await _run("try", "--lang", "de", env=clean_env(), stdin=b"/start\n1\n")
    assert code == 0, err
    tr = Catalogs().get("de")
    assert "Hallo" in tr.raw("<b>Hello, {name}!</b>")
    assert tr._("<b>Hello, {name}!</b>", name="Alex").replace("<b>", "").replace("</b>", "") in out
    assert "[1]" in out  # the buttons are numbered
    assert "bot (edited):" in out  # pressing 1 opened the language menu in place


async def test_run_stops_cleanly_on_sigterm_after_finishing_the_update_in_hand(
    tmp_path: Path,
) -> None:
    async with FakeBotApi(token=TOKEN) as api:
        process = await start_bot(
            api, TOKEN, tmp_path / "bot.sqlite3", stdout=asyncio.subprocess.PIPE
        )
        try:
            await api.wait_for(
                lambda: any(r.method == "getUpdates" for r in api.requests), timeout=30
            )
            user = FakeUser(id=31, first_name="Zoé", language_code="fr")
            api.delay("sendMessage", 2.0)
            api.send_text(user, "/start")
            await api.wait_for(
                lambda: any(r.method == "sendMessage" for r in api.requests), timeout=10
            )
            process.send_signal(signal.SIGTERM)  # while the reply is still on its way
            _out, err = await asyncio.wait_for(process.communicate(), timeout=30)
        finally:
            if process.returncode is None:
                process.kill()
        assert process.returncode == 0, err.decode()
        assert [m["chat"]["id"] for m in api.sent()] == [31]
        assert TOKEN.split(":")[1] not in err.decode()


async def test_forms_prints_the_knowledge_base_as_a_table() -> None:
    code, out, err = await _run("forms", env=clean_env())
    assert code == 0, err
    header, *rows = out.splitlines()
    assert header.split()[:3] == ["platform", "region", "entry"]
    assert any("facebook-eu" in row and "712876720715583" in row for row in rows)
    assert len(rows) == 22 * 8  # one row per platform and region


async def test_ask_answers_from_the_command_line() -> None:
    code, out, err = await _run(
        "ask",
        "--json",
        "--lang",
        "de",
        "Muss ich für Instagram extra widersprechen?",
        env=clean_env(),
    )
    assert code == 0, err
    assert '"topic": "facebook-and-instagram"' in out
