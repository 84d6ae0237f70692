"""Texts and keyboards that several handlers show: the main menu and the help text.

Callback data is ``<feature>:<action>[:<argument>]``, always ASCII and far below Telegram's
64-byte limit; every prefix here has a handler, and anything else is answered as expired.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.commands import COMMANDS
from bot.i18n import Translator

MENU_HELP = "menu:help"
MENU_MAIN = "menu:main"
MENU_LANGUAGE = "menu:language"
#: The wizard's first step; the wizard module owns every ``obj:`` button.
MENU_OBJECT = "obj:start"
#: The updates picker; the subscriptions module owns every ``sub:`` button.
MENU_UPDATES = "sub:open"


def main_menu(tr: Translator) -> InlineKeyboardMarkup:
    """The main actions, one per row so long translations stay readable on phones."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(tr._("🛡 Object to AI training"), callback_data=MENU_OBJECT)],
            [
                InlineKeyboardButton(
                    tr._("🔔 Tell me when something changes"), callback_data=MENU_UPDATES
                )
            ],
            [
                InlineKeyboardButton(tr._("🌐 Language"), callback_data=MENU_LANGUAGE),
                InlineKeyboardButton(tr._("❓ Help"), callback_data=MENU_HELP),
            ],
        ]
    )


def back_to_menu(tr: Translator) -> InlineKeyboardMarkup:
    """A single button back to the main menu."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(tr._("⬅️ Main menu"), callback_data=MENU_MAIN)]]
    )


def greeting(tr: Translator, first_name: str) -> str:
    """The /start text: who the bot is for and what it does, in two lines."""
    return "\n".join(
        [
            tr._("<b>Hello, {name}!</b>", name=first_name),
            tr._(
                "I help you stop big platforms from training AI on your posts: I find the right "
                "objection form for your platform and country and tell you what to enter."
            ),
            tr._(
                "I keep track of what you submitted and tell you what to do when no "
                "confirmation comes."
            ),
        ]
    )


def help_text(tr: Translator) -> str:
    """The /help text: every command with its translated description."""
    lines = [tr._("<b>What I can do</b>"), ""]
    lines += [f"/{command} — {tr._(description)}" for command, description in COMMANDS]
    lines += ["", tr._("You can also use the buttons below my messages.")]
    return "\n".join(lines)
