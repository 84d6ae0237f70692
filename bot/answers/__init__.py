"""FAQ answers: matching a free-text question to a topic, and rendering the topic's answer.

Pure functions over the data in ``data/`` (topics, and how people ask for them in each
language); built once at start into an ``AnswerIndex``. This package never imports ``telegram``.
"""

from bot.answers.index import AnswerIndex, Match
from bot.answers.render import render_answer
from bot.answers.topics import Topic, TopicError, load_topics

__all__ = ["AnswerIndex", "Match", "Topic", "TopicError", "load_topics", "render_answer"]
