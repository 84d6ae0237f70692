"""Telegram-like implementations of the Bot API methods the project uses.

Each method answers from and mutates ``BotState`` the way Telegram does (including its error
answers), so the bot under test meets the same behaviour as in production.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from bot.fakeapi.errors import NOT_MODIFIED, QUERY_TOO_OLD, ApiError, bad_request, misuse
from bot.fakeapi.formatting import EntityParseError, parse_html
from bot.fakeapi.http import UploadedFile
from bot.fakeapi.state import BotState, public, scope_key
from bot.fakeapi.updates import member, now

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
LANGUAGE_CODE = re.compile(r"[a-z]{2}")
BUTTON_ACTIONS = frozenset(
    {
        "url",
        "callback_data",
        "web_app",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    }
)

Params = dict[str, Any]
MethodImpl = Callable[[Params], Any | Awaitable[Any]]


def format_text(
    text: str, params: Params, *, caption: bool = False
) -> tuple[str, list[dict[str, Any]]]:
    """Parse ``text`` per parse_mode/entities and enforce Telegram's length rules."""
    mode_key, entities_key = ("parse_mode", "caption_entities" if caption else "entities")
    parse_mode = str(params.get(mode_key) or "")
    entities: list[dict[str, Any]] = list(params.get(entities_key) or [])
    plain = text
    if parse_mode.lower() == "html":
        try:
            plain, entities = parse_html(text)
        except EntityParseError as exc:
            raise misuse(f"can't parse entities: {exc}") from exc
    limit = CAPTION_LIMIT if caption else MESSAGE_LIMIT
    if not caption and not plain.strip():
        raise misuse("message text is empty")
    if len(plain) > limit:
        raise misuse("message caption is too long" if caption else "message is too long")
    return plain, entities


def check_markup(markup: Any) -> dict[str, Any] | None:
    """Validate an inline keyboard like Telegram; return it if it will be attached."""
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return None
    for row in markup["inline_keyboard"]:
        for button in row:
            if not BUTTON_ACTIONS & button.keys():
                raise misuse("text buttons are unallowed in the inline keyboard")
            if "callback_data" in button:
                size = len(str(button["callback_data"]).encode("utf-8"))
                if not 0 < size <= CALLBACK_DATA_LIMIT:
                    raise misuse("BUTTON_DATA_INVALID")
            url = button.get("url")
            if url is not None and not str(url).startswith(("http://", "https://", "tg://")):
                raise misuse(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")
    return markup if markup["inline_keyboard"] else None


def check_language(params: Params) -> str:
    code = str(params.get("language_code") or "")
    if code and not LANGUAGE_CODE.fullmatch(code):
        raise misuse("invalid language code specified")
    return code


class Methods:
    """Bound implementations, looked up by canonical method name."""

    def __init__(self, state: BotState) -> None:
        self.state = state
        self.table: dict[str, MethodImpl] = {
            "getMe": self.get_me,
            "getUpdates": self.get_updates,
            "deleteWebhook": self.delete_webhook,
            "setWebhook": self.set_webhook,
            "getWebhookInfo": self.get_webhook_info,
            "logOut": self.ok,
            "close": self.ok,
            "setMyCommands": self.set_my_commands,
            "getMyCommands": self.get_my_commands,
            "deleteMyCommands": self.delete_my_commands,
            "setMyDescription": self.set_my_description,
            "getMyDescription": self.get_my_description,
            "setMyShortDescription": self.set_my_short_description,
            "getMyShortDescription": self.get_my_short_description,
            "setChatMenuButton": self.set_chat_menu_button,
            "getChatMenuButton": self.get_chat_menu_button,
            "sendMessage": self.send_message,
            "editMessageText": self.edit_message_text,
            "editMessageReplyMarkup": self.edit_message_reply_markup,
            "deleteMessage": self.delete_message,
            "answerCallbackQuery": self.answer_callback_query,
            "answerInlineQuery": self.answer_inline_query,
            "sendChatAction": self.send_chat_action,
            "sendDocument": self.send_document,
            "sendPhoto": self.send_photo,
            "getChat": self.get_chat,
            "getChatMember": self.get_chat_member,
            "getChatAdministrators": self.get_chat_administrators,
            "leaveChat": self.leave_chat,
        }

    # --- session -------------------------------------------------------------------------------

    def ok(self, params: Params) -> bool:
        return True

    def get_me(self, params: Params) -> dict[str, Any]:
        return {
            **self.state.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def get_updates(self, params: Params) -> list[dict[str, Any]]:
        state = self.state
        if state.webhook.get("url"):
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = params.get("offset")
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        deadline = time.monotonic() + max(float(params.get("timeout") or 0), 0.0)
        if offset:
            if offset > 0:
                state.updates = [u for u in state.updates if u["update_id"] >= offset]
            else:
                state.updates = state.updates[offset:]
        while not state.updates and (remaining := deadline - time.monotonic()) > 0:
            state.update_event.clear()
            try:
                await asyncio.wait_for(state.update_event.wait(), remaining)
            except TimeoutError:
                break
        batch = state.updates[:limit]
        if batch:
            state.delivered_update_id = max(state.delivered_update_id, batch[-1]["update_id"])
        return batch

    def delete_webhook(self, params: Params) -> bool:
        self.state.webhook = {}
        if params.get("drop_pending_updates"):
            self.state.updates.clear()
        return True

    def set_webhook(self, params: Params) -> bool:
        self.state.webhook = {k: v for k, v in params.items() if k != "certificate"}
        return True

    def get_webhook_info(self, params: Params) -> dict[str, Any]:
        webhook = self.state.webhook
        return {
            "url": webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self.state.updates),
            **({"max_connections": webhook.get("max_connections", 40)} if webhook else {}),
        }

    # --- bot profile ---------------------------------------------------------------------------

    def set_my_commands(self, params: Params) -> bool:
        language = check_language(params)
        commands = params["commands"]
        if len(commands) > 100:
            raise misuse("too many commands")
        for command in commands:
            if not COMMAND_NAME.fullmatch(str(command.get("command", ""))):
                raise misuse("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
                raise misuse("BOT_COMMAND_DESCRIPTION_INVALID")
        key = (scope_key(params.get("scope")), language)
        if commands:
            self.state.commands[key] = [
                {"command": c["command"], "description": c["description"]} for c in commands
            ]
        else:
            self.state.commands.pop(key, None)
        return True

    def get_my_commands(self, params: Params) -> list[dict[str, Any]]:
        key = (scope_key(params.get("scope")), check_language(params))
        return list(self.state.commands.get(key, []))

    def delete_my_commands(self, params: Params) -> bool:
        key = (scope_key(params.get("scope")), check_language(params))
        self.state.commands.pop(key, None)
        return True

    def _set_text(self, store: dict[str, str], params: Params, key: str, limit: int) -> bool:
        language = check_language(params)
        text = str(params.get(key) or "")
        if len(text) > limit:
            raise misuse(f"{key.replace('_', ' ')} is too long")
        if text:
            store[language] = text
        else:
            store.pop(language, None)
        return True

    def set_my_description(self, params: Params) -> bool:
        return self._set_text(self.state.descriptions, params, "description", 512)

    def get_my_description(self, params: Params) -> dict[str, str]:
        return {"description": self.state.descriptions.get(check_language(params), "")}

    def set_my_short_description(self, params: Params) -> bool:
        return self._set_text(self.state.short_descriptions, params, "short_description", 120)

    def get_my_short_description(self, params: Params) -> dict[str, str]:
        language = check_language(params)
        return {"short_description": self.state.short_descriptions.get(language, "")}

    def set_chat_menu_button(self, params: Params) -> bool:
        chat_id = params.get("chat_id")
        if chat_id is not None:
            chat_id = int(self.state.chat(chat_id)["id"])
        self.state.menu_buttons[chat_id] = params.get("menu_button") or {"type": "default"}
        return True

    def get_chat_menu_button(self, params: Params) -> dict[str, Any]:
        chat_id = params.get("chat_id")
        if chat_id is not None:
            chat_id = int(self.state.chat(chat_id)["id"])
        buttons = self.state.menu_buttons
        return buttons.get(chat_id) or buttons.get(None) or {"type": "commands"}

    # --- messages --------------------------------------------------------------------------------

    def _new_message(self, chat: dict[str, Any], params: Params, **content: Any) -> dict:
        state = self.state
        chat_id = int(chat["id"])
        message: dict[str, Any] = {
            "message_id": state.next_message_id(chat_id),
            "from": state.bot_user,
            "chat": chat,
            "date": now(),
            **{k: v for k, v in content.items() if v not in (None, [], "")},
        }
        markup = check_markup(params.get("reply_markup"))
        if markup is not None:
            message["reply_markup"] = markup
        reply = params.get("reply_parameters") or {}
        replied = state.find_message(chat_id, reply.get("message_id"))
        if replied is not None:
            message["reply_to_message"] = public(replied)
        elif reply and not reply.get("allow_sending_without_reply"):
            raise bad_request("message to be replied not found")
        message["parse_mode"] = params.get("parse_mode")
        message["edit_count"] = 0
        return message

    def send_message(self, params: Params) -> dict[str, Any]:
        chat = self.state.writable_chat(params["chat_id"])
        text, entities = format_text(params["text"], params)
        message = self._new_message(chat, params, text=text, entities=entities)
        message["raw_text"] = params["text"]
        return public(self.state.store(message))

    def _editable(self, params: Params) -> dict[str, Any] | None:
        """The stored message an edit targets (None for inline messages)."""
        if params.get("inline_message_id"):
            return None
        if params.get("chat_id") is None or params.get("message_id") is None:
            raise misuse("message identifier is not specified")
        chat = self.state.writable_chat(params["chat_id"])
        message = self.state.find_message(int(chat["id"]), params["message_id"])
        if message is None:
            raise bad_request("message to edit not found")
        if message.get("from", {}).get("id") != self.state.bot_id:
            raise bad_request("message can't be edited")
        return message

    def edit_message_text(self, params: Params) -> dict[str, Any] | bool:
        text, entities = format_text(params["text"], params)
        markup = check_markup(params.get("reply_markup"))
        message = self._editable(params)
        if message is None:
            return True
        if "text" not in message:
            raise bad_request("there is no text in the message to edit")
        old = (message["text"], message.get("entities", []), message.get("reply_markup"))
        if old == (text, entities, markup):
            raise bad_request(NOT_MODIFIED)
        message["text"] = text
        message["raw_text"] = params["text"]
        message["parse_mode"] = params.get("parse_mode")
        _set_optional(message, "entities", entities)
        _set_optional(message, "reply_markup", markup)
        return public(_touch(message))

    def edit_message_reply_markup(self, params: Params) -> dict[str, Any] | bool:
        markup = check_markup(params.get("reply_markup"))
        message = self._editable(params)
        if message is None:
            return True
        if message.get("reply_markup") == markup:
            raise bad_request(NOT_MODIFIED)
        _set_optional(message, "reply_markup", markup)
        return public(_touch(message))

    def delete_message(self, params: Params) -> bool:
        chat = self.state.writable_chat(params["chat_id"])
        messages = self.state.chat_messages.get(int(chat["id"]), {})
        message = messages.pop(params["message_id"], None)
        if message is None:
            raise bad_request("message to delete not found")
        message["deleted"] = True
        return True

    def send_chat_action(self, params: Params) -> bool:
        chat = self.state.writable_chat(params["chat_id"])
        self.state.chat_actions.append({"chat_id": chat["id"], "action": params["action"]})
        return True

    def _file_message(self, params: Params, key: str, build: Callable[[Any], Any]) -> dict:
        chat = self.state.writable_chat(params["chat_id"])
        caption, entities = format_text(str(params.get("caption") or ""), params, caption=True)
        upload = params[key]
        message = self._new_message(
            chat, params, caption=caption, caption_entities=entities, **{key: build(upload)}
        )
        if isinstance(upload, UploadedFile):
            message["upload"] = upload
            self.state.uploads.append(upload)
        return public(self.state.store(message))

    def send_document(self, params: Params) -> dict[str, Any]:
        return self._file_message(params, "document", _document)

    def send_photo(self, params: Params) -> dict[str, Any]:
        return self._file_message(params, "photo", _photo)

    # --- queries -------------------------------------------------------------------------------

    def answer_callback_query(self, params: Params) -> bool:
        query = self.state.pending_callbacks.pop(str(params["callback_query_id"]), None)
        if query is None:
            raise misuse(QUERY_TOO_OLD)
        self.state.answered_callbacks.append({**params, "query": query, "at": time.monotonic()})
        return True

    def answer_inline_query(self, params: Params) -> bool:
        query = self.state.pending_inline.pop(str(params["inline_query_id"]), None)
        if query is None:
            raise misuse(QUERY_TOO_OLD)
        results = params["results"]
        ids = [str(r.get("id")) for r in results]
        if len(results) > 50:
            raise misuse("RESULTS_TOO_MUCH")
        if len(set(ids)) != len(ids):
            raise misuse("RESULT_ID_DUPLICATE")
        self.state.inline_answers.append({**params, "query": query, "at": time.monotonic()})
        return True

    # --- chats ---------------------------------------------------------------------------------

    def get_chat(self, params: Params) -> dict[str, Any]:
        chat = self.state.chat(params["chat_id"])
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    def _user_dict(self, user_id: int) -> dict[str, Any] | None:
        if user_id == self.state.bot_id:
            return self.state.bot_user
        user = self.state.users.get(user_id)
        return user.to_dict() if user is not None else None

    def get_chat_member(self, params: Params) -> dict[str, Any]:
        state = self.state
        chat = state.chat(params["chat_id"])
        chat_id, user_id = int(chat["id"]), int(params["user_id"])
        user = self._user_dict(user_id)
        if user is None:
            raise bad_request("user not found")
        if chat["type"] == "private":
            if user_id not in (chat_id, state.bot_id):
                raise bad_request("user not found")
            status = "kicked" if user_id == state.bot_id and chat_id in state.blocked else "member"
        elif user_id in state.admins.get(chat_id, []):
            status = "administrator"
        elif user_id == state.bot_id:
            status = "left" if chat_id in state.left_chats else "member"
        else:
            status = "member" if user_id in state.members.get(chat_id, set()) else "left"
        return member(user, status)

    def get_chat_administrators(self, params: Params) -> list[dict[str, Any]]:
        chat = self.state.chat(params["chat_id"])
        if chat["type"] == "private":
            raise bad_request("there are no administrators in the private chat")
        admins = []
        for user_id in self.state.admins.get(int(chat["id"]), []):
            user = self._user_dict(user_id) or {
                "id": user_id,
                "is_bot": False,
                "first_name": f"User {user_id}",
            }
            admins.append(member(user, "administrator"))
        return admins

    def leave_chat(self, params: Params) -> bool:
        chat = self.state.chat(params["chat_id"])
        if chat["type"] == "private":
            raise bad_request("chat member status can't be changed in private chats")
        self.state.left_chats.add(int(chat["id"]))
        return True


def _set_optional(message: dict[str, Any], key: str, value: Any) -> None:
    if value:
        message[key] = value
    else:
        message.pop(key, None)


def _touch(message: dict[str, Any]) -> dict[str, Any]:
    message["edit_date"] = now()
    message["edit_count"] = int(message.get("edit_count", 0)) + 1
    return message


def _file_meta(upload: Any, prefix: str) -> dict[str, Any]:
    if isinstance(upload, UploadedFile):
        key = abs(hash((upload.filename, upload.content))) % 10**10
        return {
            "file_id": f"{prefix}{key}",
            "file_unique_id": f"u{prefix}{key}",
            "file_size": len(upload.content),
        }
    return {"file_id": str(upload), "file_unique_id": f"u{abs(hash(str(upload))) % 10**10}"}


def _document(upload: Any) -> dict[str, Any]:
    meta = _file_meta(upload, "DOC")
    if isinstance(upload, UploadedFile):
        meta["file_name"] = upload.filename or "file"
        meta["mime_type"] = upload.content_type or "application/octet-stream"
    return meta


def _photo(upload: Any) -> list[dict[str, Any]]:
    meta = _file_meta(upload, "PHOTO")
    return [{**meta, "width": 1280, "height": 720}]
