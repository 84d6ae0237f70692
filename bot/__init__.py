"""Objection Helper: a Telegram bot that helps people object to AI training on their posts."""

__version__ = "0.1.0"
