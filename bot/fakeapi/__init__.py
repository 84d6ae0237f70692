"""A loopback fake of the Telegram Bot API for tests, the local ``try`` chat and benchmarks.

Start ``FakeBotApi``, point the bot at ``api.base_url`` (PTB) or ``api.url`` (root), inject
updates as ``FakeUser``s, and inspect what the bot did. Every request is checked against the
official Bot API reference bundled as ``api.min.json``; misuse lands in ``api.violations``.
"""

from bot.fakeapi.errors import ApiError
from bot.fakeapi.faults import Fault, FloodLimits
from bot.fakeapi.formatting import EntityParseError, parse_html
from bot.fakeapi.http import UploadedFile
from bot.fakeapi.server import FakeBotApi, RecordedRequest
from bot.fakeapi.updates import FakeChat, FakeUser

__all__ = [
    "ApiError",
    "EntityParseError",
    "FakeBotApi",
    "FakeChat",
    "FakeUser",
    "Fault",
    "FloodLimits",
    "RecordedRequest",
    "UploadedFile",
    "parse_html",
]
