"""Webhook mode: Telegram's calls carry the secret token; anything without it is refused."""

from __future__ import annotations

import socket
from dataclasses import replace
from pathlib import Path

import httpx

from bot.fakeapi import FakeBotApi, FakeUser
from bot.i18n import Catalogs
from bot.lifecycle import running_bot
from bot.settings import Settings


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_webhook_checks_the_secret_and_serves_updates(
    api: FakeBotApi, settings: Settings, catalogs: Catalogs, tmp_path: Path
) -> None:
    port = _free_port()
    hooked = replace(
        settings,
        webhook_url="https://bot.example.org",
        webhook_secret="s3cret-token_1",
        webhook_port=port,
    )
    user = FakeUser(id=4242, first_name="Wren", language_code="en")
    api.add_user(user)
    update = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": 1_700_000_000,
            "chat": {"id": user.id, "type": "private", "first_name": user.first_name},
            "from": {
                "id": user.id,
                "is_bot": False,
                "first_name": user.first_name,
                "language_code": "en",
            },
            "text": "/help",
            "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
        },
    }
    async with running_bot(hooked, catalogs=catalogs):
        (registered,) = api.calls("setWebhook")
        assert registered.params["url"] == "https://bot.example.org/telegram"
        assert registered.params["secret_token"] == "s3cret-token_1"
        url = f"http://127.0.0.1:{port}/telegram"
        async with httpx.AsyncClient() as client:
            refused = await client.post(url, json=update)
            wrong = await client.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "guess"}
            )
            accepted = await client.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-token_1"}
            )
        assert refused.status_code == 403 and wrong.status_code == 403
        assert accepted.status_code == 200
        reply = await api.next_message(user.id)
        assert "/language" in reply["text"]
    assert not api.calls("getUpdates"), "webhook mode must not poll"
