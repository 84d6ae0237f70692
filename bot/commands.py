"""The bot's commands as shown in Telegram's command menu and in /help, in menu order."""

from bot.i18n import N_

#: (command, description): descriptions are translated per language when the menu is registered.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", N_("Main menu")),
    ("object", N_("Find the objection form for your platform and country")),
    ("ask", N_("Ask a question about AI training and objections")),
    ("status", N_("Your objections and their status")),
    ("subscribe", N_("Get updates when a form changes")),
    ("settings", N_("Your language, country and updates")),
    ("help", N_("What this bot can do")),
    ("language", N_("Change the language")),
    ("privacy", N_("What the bot stores about you")),
    ("mydata", N_("Get a copy of your data")),
    ("forget", N_("Delete all your data")),
)

#: Shown in the empty chat before someone presses Start (setMyDescription, at most 512 characters).
DESCRIPTION = N_(
    "Big platforms train AI on what you post. This bot finds the right objection form or "
    "setting for your platform and country, tells you what to enter, reminds you to check "
    "that your objection was recorded, and answers your questions in your language."
)
#: Shown on the bot's profile and in shared links (setMyShortDescription, at most 120 characters).
SHORT_DESCRIPTION = N_(
    "Object to AI training on your posts: the right form for your platform and country."
)
