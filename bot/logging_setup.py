"""Logging that never writes a bot token or a user's message text."""

from __future__ import annotations

import logging
import re

# A bot token inside any logged text, e.g. in a URL ``.../bot123:ABC/sendMessage``.
_TOKEN = re.compile(r"\d{5,20}:[A-Za-z0-9_-]{30,}")

#: Libraries whose verbose logs carry private data: httpx logs every request URL (which holds
#: the token) at INFO, python-telegram-bot logs every request and reply (message text) at DEBUG.
_CHATTY = {"httpx": logging.WARNING, "httpcore": logging.WARNING, "telegram": logging.INFO}


class RedactTokens(logging.Filter):
    """Replace anything shaped like a bot token with ``<token>`` in every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message in place; never drops a record."""
        message = record.getMessage()
        if _TOKEN.search(message):
            record.msg, record.args = _TOKEN.sub("<token>", message), None
        return True


def quiet_libraries(level: int) -> None:
    """Hold the chatty libraries at a level where they log neither tokens nor message text,
    whatever level the bot itself logs at."""
    for name, floor in _CHATTY.items():
        logging.getLogger(name).setLevel(max(level, floor))


def configure_logging(level: int) -> None:
    """Log to stderr at ``level``, with tokens redacted and chatty libraries held back."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactTokens())
    logging.basicConfig(level=level, handlers=[handler], force=True)
    quiet_libraries(level)
