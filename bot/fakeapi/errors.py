"""Telegram-shaped API errors raised inside the fake and turned into error responses."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An error answer exactly as Telegram sends it (HTTP status = ``error_code``).

    ``violation`` marks errors that mean the bot misused the API (as opposed to runtime
    conditions such as a blocked user), so the fake records them in ``api.violations``.
    """

    def __init__(
        self,
        error_code: int,
        description: str,
        retry_after: int | None = None,
        violation: bool = False,
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after
        self.violation = violation

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(detail: str, violation: bool = False) -> ApiError:
    """400 with Telegram's "Bad Request: " prefix."""
    return ApiError(400, f"Bad Request: {detail}", violation=violation)


def misuse(detail: str) -> ApiError:
    """400 that also counts as an API violation by the bot."""
    return bad_request(detail, violation=True)


CHAT_NOT_FOUND = "chat not found"
BLOCKED = "Forbidden: bot was blocked by the user"
CANT_INITIATE = "Forbidden: bot can't initiate conversation with a user"
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
