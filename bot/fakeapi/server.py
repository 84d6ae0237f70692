"""``FakeBotApi``: a loopback Telegram Bot API server with scripted users and faults.

The bot under test talks real HTTP to it through its normal client (PTB), so tests, the local
``try`` chat and benchmarks exercise the same code path as production, while every request is
checked against the official API reference and recorded for assertions.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from bot.fakeapi.errors import ApiError, bad_request
from bot.fakeapi.faults import Fault, FaultBook, FloodLimiter, FloodLimits
from bot.fakeapi.http import HttpRequest, HttpServer
from bot.fakeapi.methods import Methods
from bot.fakeapi.spec import Spec, load_spec
from bot.fakeapi.state import BotState, public, scope_key
from bot.fakeapi.updates import FakeChat, FakeUser, UpdateFactory

log = logging.getLogger(__name__)
POLL_INTERVAL = 0.01


@dataclass
class RecordedRequest:
    """One call the bot made; ``status`` is 0 while the answer is still pending."""

    method: str
    params: dict[str, Any]
    at: float
    status: int = 0
    result: Any = None
    description: str | None = None


class FakeBotApi:
    """A fake Telegram Bot API server answering by method and state, like Telegram."""

    def __init__(
        self,
        token: str = "123456:TEST",
        bot_username: str = "objection_helper_bot",
        host: str = "127.0.0.1",
        port: int = 0,
        bot_first_name: str = "Test Bot",
    ) -> None:
        self.token = token
        bot_id = int(token.split(":", 1)[0]) if token.split(":", 1)[0].isdigit() else 1
        self.state = BotState(
            bot_user={
                "id": bot_id,
                "is_bot": True,
                "first_name": bot_first_name,
                "username": bot_username,
            }
        )
        self.spec: Spec = load_spec()
        self.requests: list[RecordedRequest] = []
        self.violations: list[str] = []
        self.unhandled_methods: list[str] = []
        self.faults = FaultBook()
        self.flood = FloodLimiter()
        self._updates = UpdateFactory()
        self._methods = Methods(self.state)
        self._http = HttpServer(self._handle, host=host, port=port)
        self._in_flight = 0
        self._last_activity = time.monotonic()
        self._read_cursor: dict[int, int] = {}

    # --- lifecycle -----------------------------------------------------------------------------

    async def start(self) -> FakeBotApi:
        await self._http.start()
        return self

    async def stop(self) -> None:
        await self._http.stop()

    async def __aenter__(self) -> FakeBotApi:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        """Server root; the bot calls ``<url>/bot<token>/<method>``."""
        return f"http://{self._http.host}:{self._http.port}"

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url(...)`` (PTB appends the token)."""
        return f"{self.url}/bot"

    @property
    def bot_user(self) -> dict[str, Any]:
        return self.state.bot_user

    # --- injecting updates ---------------------------------------------------------------------

    def add_user(self, user: FakeUser) -> None:
        """Make a user known as if they had started the bot, without sending an update."""
        self.state.add_user(user)

    def add_chat(self, chat: FakeChat) -> None:
        """Make a group known without sending an update."""
        self.state.add_chat(chat)

    def inject_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue any raw update; an ``update_id`` is assigned if missing."""
        if "update_id" not in update:
            update = {"update_id": self._updates.next_update_id(), **update}
        return self.state.queue(update)

    def _user_message(
        self, user: FakeUser, chat: FakeChat | None, **content: Any
    ) -> dict[str, Any]:
        self.state.add_user(user, started=False)  # queue() learns the rest
        chat_dict = chat.to_dict() if chat is not None else user.private_chat()
        chat_id = int(chat_dict["id"])
        self.state.chats.setdefault(chat_id, chat_dict)
        message = self._updates.message(
            user, chat_dict, self.state.next_message_id(chat_id), **content
        )
        self.state.store(message)
        return self.state.queue(self._updates.wrap("message", message))

    def send_text(self, user: FakeUser, text: str, chat: FakeChat | None = None) -> dict[str, Any]:
        """A text message from ``user``; ``/command`` gets a bot_command entity."""
        return self._user_message(user, chat, **self._updates.text_content(text))

    def send_sticker(self, user: FakeUser, chat: FakeChat | None = None) -> dict[str, Any]:
        return self._user_message(user, chat, **self._updates.sticker_content())

    def send_photo(
        self, user: FakeUser, chat: FakeChat | None = None, caption: str | None = None
    ) -> dict[str, Any]:
        return self._user_message(user, chat, **self._updates.photo_content(caption))

    def press_button(
        self, user: FakeUser, message: dict[str, Any], callback_data: str
    ) -> dict[str, Any]:
        """``user`` taps an inline button (any data, forged or not) on a bot message."""
        self.state.add_user(user, started=False)  # queue() learns the rest
        current = self.state.find_message(int(message["chat"]["id"]), message["message_id"])
        query = self._updates.callback_query(user, public(current or message), callback_data)
        self.state.pending_callbacks[query["id"]] = query
        return self.state.queue(self._updates.wrap("callback_query", query))

    def send_inline_query(self, user: FakeUser, query: str) -> dict[str, Any]:
        self.state.add_user(user, started=False)  # queue() learns the rest
        inline = self._updates.inline_query(user, query)
        self.state.pending_inline[inline["id"]] = inline
        return self.state.queue(self._updates.wrap("inline_query", inline))

    def block(self, user: FakeUser) -> dict[str, Any]:
        """User blocks the bot: sends to them now get 403; a my_chat_member update is queued."""
        self.state.add_user(user, started=False)  # queue() learns the rest
        self.state.blocked.add(user.id)
        return self._member_update(user, user.private_chat(), "member", "kicked")

    def unblock(self, user: FakeUser) -> dict[str, Any]:
        self.state.add_user(user, started=False)  # queue() learns the rest
        self.state.blocked.discard(user.id)
        return self._member_update(user, user.private_chat(), "kicked", "member")

    def _member_update(
        self, user: FakeUser, chat: dict[str, Any], old: str, new: str
    ) -> dict[str, Any]:
        payload = self._updates.my_chat_member(user, chat, self.state.bot_user, old, new)
        return self.state.queue(self._updates.wrap("my_chat_member", payload))

    # --- faults and limits -------------------------------------------------------------------

    def fail(
        self,
        method: str,
        error_code: int = 429,
        description: str | None = None,
        *,
        retry_after: int | None = None,
        times: int = 1,
        chat_id: int | str | None = None,
    ) -> Fault:
        """The next ``times`` calls of ``method`` (to ``chat_id`` if given) answer an error."""
        if error_code == 429:
            retry_after = 1 if retry_after is None else retry_after
            description = description or f"Too Many Requests: retry after {retry_after}"
        description = description or _default_description(error_code)
        return self.faults.add(
            Fault(method, error_code, description, retry_after, times=times, chat_id=chat_id)
        )

    def delay(
        self, method: str, seconds: float, times: int = 1, chat_id: int | str | None = None
    ) -> Fault:
        """The next ``times`` calls of ``method`` are answered only after ``seconds``."""
        return self.faults.add(Fault(method, None, delay=seconds, times=times, chat_id=chat_id))

    def set_flood_limits(
        self,
        global_per_second: int | None = None,
        per_chat_per_second: int | None = None,
        per_group_per_minute: int | None = None,
    ) -> None:
        """Enable Telegram-like broadcast caps (all None = off, the default)."""
        self.flood.limits = FloodLimits(
            global_per_second, per_chat_per_second, per_group_per_minute
        )

    def set_admins(self, chat_id: int, user_ids: list[int]) -> None:
        self.state.admins[chat_id] = list(user_ids)

    # --- inspection ----------------------------------------------------------------------------

    @property
    def answered_callbacks(self) -> list[dict[str, Any]]:
        return self.state.answered_callbacks

    @property
    def inline_answers(self) -> list[dict[str, Any]]:
        return self.state.inline_answers

    @property
    def descriptions(self) -> dict[str, str]:
        """language_code ("" = default) -> description."""
        return self.state.descriptions

    @property
    def short_descriptions(self) -> dict[str, str]:
        return self.state.short_descriptions

    @property
    def menu_buttons(self) -> dict[int | None, dict[str, Any]]:
        return self.state.menu_buttons

    @property
    def chat_actions(self) -> list[dict[str, Any]]:
        return self.state.chat_actions

    @property
    def uploads(self) -> list[Any]:
        return self.state.uploads

    @property
    def blocked(self) -> set[int]:
        return self.state.blocked

    def commands(self, language_code: str = "", scope: Any = None) -> list[dict[str, Any]]:
        """Commands registered for exactly this scope (default scope if None) and language."""
        return list(self.state.commands.get((scope_key(scope), language_code), []))

    def calls(self, method: str) -> list[RecordedRequest]:
        """Recorded requests of one method."""
        return [r for r in self.requests if r.method == method]

    def sent(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """Messages the bot sent successfully, in order (edited in place; deleted ones kept)."""
        if chat_id is None:
            return list(self.state.sent_log)
        return list(self.state.sent_by_chat.get(chat_id, []))

    def messages(self, chat_id: int) -> list[dict[str, Any]]:
        """The bot's messages currently in the chat (after edits and deletions)."""
        stored = self.state.chat_messages.get(chat_id, {})
        return [stored[k] for k in sorted(stored) if stored[k]["from"]["id"] == self.state.bot_id]

    async def wait_for(
        self,
        predicate: Callable[[], bool],
        timeout: float = 5.0,  # noqa: ASYNC109 - part of the documented test API
        what: str | None = None,
    ) -> None:
        """Poll ``predicate`` until true; AssertionError with context on timeout."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() >= deadline:
                raise AssertionError(
                    f"timed out after {timeout}s waiting for {what or _describe(predicate)}\n"
                    + self.summary()
                )
            await asyncio.sleep(POLL_INTERVAL)

    async def next_message(
        self,
        chat_id: int,
        timeout: float = 5.0,  # noqa: ASYNC109 - part of the documented test API
    ) -> dict[str, Any]:
        """The next bot message to ``chat_id`` not yet returned by this method."""
        cursor = self._read_cursor.get(chat_id, 0)
        await self.wait_for(
            lambda: len(self.state.sent_by_chat.get(chat_id, ())) > cursor,
            timeout,
            what=f"bot message #{cursor + 1} to chat {chat_id}",
        )
        self._read_cursor[chat_id] = cursor + 1
        return self.sent(chat_id)[cursor]

    async def wait_idle(
        self,
        quiet: float = 0.3,
        timeout: float = 10.0,  # noqa: ASYNC109 - part of the documented test API
    ) -> None:
        """Until every queued update was fetched and no request came for ``quiet`` seconds."""

        def idle() -> bool:
            return (
                self.state.delivered_update_id >= self.state.last_update_id
                and self._in_flight == 0
                and time.monotonic() - self._last_activity >= quiet
            )

        await self.wait_for(idle, timeout, what=f"the bot to go idle ({quiet}s quiet)")

    def summary(self, last: int = 15) -> str:
        """Human-readable recent traffic, for assertion messages."""
        lines = [
            f"updates queued up to {self.state.last_update_id}, "
            f"fetched up to {self.state.delivered_update_id}; in flight: {self._in_flight}",
            "recent requests:",
        ]
        recent = [r for r in self.requests if r.method != "getUpdates" or r.result][-last:]
        lines += [f"  {r.method} {r.status} {_short(r.params)}" for r in recent] or ["  (none)"]
        if self.violations:
            lines += ["violations:", *(f"  {v}" for v in self.violations)]
        return "\n".join(lines)

    # --- request pipeline ----------------------------------------------------------------------

    async def _handle(self, request: HttpRequest) -> tuple[int, dict[str, Any]]:
        path = request.path
        if not path.startswith("/bot") or path.count("/") != 2:
            self.violations.append(f"request to unexpected path {path!r}")
            return 404, ApiError(404, "Not Found").payload()
        token, _, raw_method = path.removeprefix("/bot").partition("/")
        if token != self.token:
            return 401, ApiError(401, "Unauthorized").payload()
        method = self.spec.canonical(raw_method) or raw_method
        record = RecordedRequest(method, {**request.fields, **request.files}, time.monotonic())
        self.requests.append(record)
        polling = method == "getUpdates"
        if not polling:
            self._in_flight += 1
            self._last_activity = time.monotonic()
        try:
            record.result = await self._process(method, request, record)
            record.status = 200
            return 200, {"ok": True, "result": record.result}
        except ApiError as exc:
            if exc.violation:
                self.violations.append(f"{method}: {exc.description}")
            record.status, record.description = exc.error_code, exc.description
            return exc.error_code, exc.payload()
        except Exception as exc:  # a bug in the fake must fail tests, not hang them
            log.exception("fake Bot API crashed on %s", method)
            self.violations.append(f"{method}: fake server error {exc!r}")
            record.status, record.description = 500, "Internal Server Error"
            return 500, ApiError(500, "Internal Server Error").payload()
        finally:
            if not polling:
                self._in_flight -= 1
            if not polling or record.result:
                self._last_activity = time.monotonic()

    async def _process(self, method: str, request: HttpRequest, record: RecordedRequest) -> Any:
        if method not in self.spec.methods:
            raise ApiError(404, "Not Found", violation=True)
        if request.body_error:
            raise bad_request(f"can't parse request body: {request.body_error}", violation=True)
        raw = {**request.fields, **request.files}
        params, problems = self.spec.decode(method, raw, request.is_json)
        record.params = params
        problems += self.spec.validate(method, params)
        if problems:
            self.violations.extend(problems)
            raise bad_request(problems[0])
        delay = self.faults.take_delay(method, params)
        if delay:
            await asyncio.sleep(delay)
        error = self.faults.take_error(method, params)
        if error is not None:
            raise error
        self.flood.check(method, params)
        impl = self._methods.table.get(method)
        if impl is None:
            self.unhandled_methods.append(method)
            return True
        result = impl(params)
        if inspect.isawaitable(result):
            result = await result
        if method == "leaveChat":
            self._bot_left(params)
        return result

    def _bot_left(self, params: dict[str, Any]) -> None:
        chat = self.state.chat(params["chat_id"])
        payload = {
            "chat": chat,
            "from": self.state.bot_user,
            "date": int(time.time()),
            "old_chat_member": {"user": self.state.bot_user, "status": "member"},
            "new_chat_member": {"user": self.state.bot_user, "status": "left"},
        }
        self.state.queue(self._updates.wrap("my_chat_member", payload))


def _default_description(error_code: int) -> str:
    return {
        400: "Bad Request",
        403: "Forbidden",
        404: "Not Found",
        409: "Conflict",
        500: "Internal Server Error",
        502: "Bad Gateway",
    }.get(error_code, f"Error {error_code}")


def _describe(predicate: Callable[[], bool]) -> str:
    name = getattr(predicate, "__qualname__", repr(predicate))
    code = getattr(predicate, "__code__", None)
    where = f" ({code.co_filename.rsplit('/', 1)[-1]}:{code.co_firstlineno})" if code else ""
    return f"{name}{where}"


def _short(params: dict[str, Any], limit: int = 120) -> str:
    text = repr({k: v for k, v in params.items() if k != "reply_markup"})
    return text if len(text) <= limit else text[: limit - 3] + "..."
