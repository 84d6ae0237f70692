"""Command line: ``python -m bot run|try|health``. Nothing runs at import."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.answers.topics import TopicError
from bot.i18n import CatalogError
from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import KnowledgeError
from bot.logging_setup import configure_logging
from bot.settings import ConfigError, load_settings

EXIT_CONFIG = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="serve Telegram (needs TELEGRAM_BOT_TOKEN)")
    chat = commands.add_parser("try", help="chat with the bot in this terminal, no token needed")
    chat.add_argument("--lang", default="en", help="your Telegram language code, e.g. de, pt-br")
    chat.add_argument("--name", default="Alex", help="your first name as Telegram would send it")
    chat.add_argument(
        "--database",
        type=Path,
        default=None,
        help="keep the chat's database in this file (default: a temporary one)",
    )
    commands.add_parser("health", help="exit 0 when the serving bot is alive (for Docker)")
    ask = commands.add_parser("ask", help="answer a question as the bot would")
    ask.add_argument("question", nargs="?", help="the question; without it, one per stdin line")
    ask.add_argument("--lang", default="en", help="the language to answer in")
    ask.add_argument("--json", action="store_true", help="print the match as JSON")
    forms = commands.add_parser("forms", help="print the knowledge base's forms as a table")
    forms.add_argument(
        "--check",
        action="store_true",
        help="request every link and report those that do not answer 2xx/3xx",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line, validate the configuration and run the command."""
    args = _parser().parse_args(argv)
    try:
        settings = load_settings(os.environ, require_token=args.command == "run")
        if args.command == "run":
            from bot.lifecycle import serve  # noqa: PLC0415 - keep `try` free of server imports

            configure_logging(settings.log_level_number)
            asyncio.run(serve(settings))
            return 0
        if args.command == "try":
            from bot.local_chat import chat  # noqa: PLC0415

            configure_logging(max(settings.log_level_number, 30))  # keep the chat readable
            return asyncio.run(
                chat(language_code=args.lang, name=args.name, database=args.database)
            )
        if args.command == "ask":
            from bot.answers.cli import ask_main  # noqa: PLC0415

            return ask_main(args.question, args.lang, args.json, sys.stdin, sys.stdout)
        if args.command == "forms":
            return _forms(check=args.check)
        from bot.lifecycle import healthy  # noqa: PLC0415

        return 0 if asyncio.run(healthy(settings)) else 1
    except (ConfigError, CatalogError, KnowledgeError, TopicError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        return 0


def _forms(*, check: bool) -> int:
    """Print the forms table; with ``check``, request every link (exit 1 if any fails)."""
    from bot.knowledge.report import check_urls, format_check, forms_table  # noqa: PLC0415

    knowledge = load_knowledge()
    print(forms_table(knowledge))
    if not check:
        return 0
    results = asyncio.run(check_urls(knowledge))
    print()
    print(format_check(results))
    return 0 if all(result.ok for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
