"""Broadcasts: the paced, persisted delivery of a moderator's message to many chats."""

from bot.broadcast.engine import BroadcastEngine, Deliver, EngineConfig, ProgressReport
from bot.broadcast.pacer import Pacer, PacerConfig

__all__ = ["BroadcastEngine", "Deliver", "EngineConfig", "Pacer", "PacerConfig", "ProgressReport"]
