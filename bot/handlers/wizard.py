"""The objection wizard: platform → country → the answer card, plus deep links and /object.

Callback data (all ASCII, well under 64 bytes):
``obj:start`` · ``obj:p:<platform>`` · ``obj:c:<platform>:<CC>`` · ``obj:cc:<platform>`` ·
``obj:done:<entry>:<CC>`` · ``obj:broken:<entry>``. Anything that does not name a known
platform, country or entry is answered as an expired button.
"""

from __future__ import annotations

import re

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from bot.handlers import forms
from bot.handlers.context import Visit, visit
from bot.handlers.menus import MENU_OBJECT, main_menu
from bot.handlers.replies import acknowledge, reply, show
from bot.i18n import Translator
from bot.knowledge.card import render_card
from bot.knowledge.countries import likely_countries, resolve_country
from bot.knowledge.model import Entry, Platform
from bot.knowledge.regions import is_country, region_of

START = MENU_OBJECT
_DATA = re.compile(r"^obj:(p|c|cc|done|broken):([a-z0-9-]{1,40})(?::([A-Z]{2}))?$")
_PAYLOAD = re.compile(r"^([a-z0-9]{1,20})(?:-([a-zA-Z]{2}))?$")
PLATFORMS_PER_ROW = 3
COUNTRIES_PER_ROW = 2
#: While the wizard waits for a country, text of this many words or more may be a question.
QUESTION_WORDS = 4


def platform_keyboard(platforms: tuple[Platform, ...]) -> InlineKeyboardMarkup:
    """Every platform as a button, three a row."""
    buttons = [InlineKeyboardButton(p.name, callback_data=f"obj:p:{p.id}") for p in platforms]
    step = PLATFORMS_PER_ROW
    return InlineKeyboardMarkup([buttons[i : i + step] for i in range(0, len(buttons), step)])


def country_keyboard(platform: Platform, codes: list[str], tr: Translator) -> InlineKeyboardMarkup:
    """Countries by their names in the user's language, two a row."""
    buttons = [
        InlineKeyboardButton(tr.country_name(code), callback_data=f"obj:c:{platform.id}:{code}")
        for code in codes
    ]
    step = COUNTRIES_PER_ROW
    rows = [buttons[i : i + step] for i in range(0, len(buttons), step)]
    rows.append([InlineKeyboardButton(tr._("⬅️ Other platform"), callback_data=START)])
    return InlineKeyboardMarkup(rows)


def _ask_platform_text(tr: Translator) -> str:
    return tr._("<b>Which platform do you want to object to?</b>")


def _ask_country_text(tr: Translator, platform: Platform) -> str:
    return tr._(
        "<b>{platform}:</b> where do you live? The rules depend on the country. "
        "Tap your country or type its name.",
        platform=platform.name,
    )


async def object_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/object``, ``/object instagram`` or ``/object instagram de`` (a country name works too)."""
    seen = await visit(update, context)
    args = context.args or []
    if not args:
        await reply(
            update,
            _ask_platform_text(seen.tr),
            platform_keyboard(seen.services.knowledge.platforms),
        )
        return
    await open_platform(update, seen, args[0], " ".join(args[1:]) or None)


async def open_platform(
    update: Update, seen: Visit, platform_text: str, country_text: str | None
) -> None:
    """Jump to a platform (and country) named in a command or a deep link."""
    knowledge = seen.services.knowledge
    platform = knowledge.find_platform(platform_text)
    if platform is None:
        await reply(
            update,
            seen.tr._(
                "I don't know the platform “{name}”. Please choose one:", name=platform_text[:40]
            ),
            platform_keyboard(knowledge.platforms),
        )
        return
    country = None
    if country_text:
        match = resolve_country(country_text, seen.services.catalogs.languages)
        if match.code is None:
            await _ask_country(update, seen, platform, match.suggestions, unknown=country_text)
            return
        country = match.code
    elif seen.user is not None:
        country = seen.user.country
    if country is None:
        await _ask_country(update, seen, platform)
        return
    await _answer(update, seen, platform, country)


def parse_start_payload(payload: str) -> tuple[str, str | None] | None:
    """``instagram-de`` → (``instagram``, ``de``); ``instagram`` → (``instagram``, None)."""
    match = _PAYLOAD.match(payload)
    return (match.group(1), match.group(2)) if match else None


async def _ask_country(
    update: Update,
    seen: Visit,
    platform: Platform,
    suggestions: list[str] | None = None,
    unknown: str | None = None,
    *,
    edit: bool = False,
) -> None:
    """Ask for the country; ``edit`` replaces the pressed menu instead of sending anew (never
    used from an answer card, which the user may still need)."""
    tr = seen.tr
    if seen.user is not None:
        await seen.services.storage.objections.await_country(
            seen.user.id, platform.id, seen.services.clock()
        )
    if unknown is not None:
        text = tr._(
            "I couldn't find the country “{name}”. Did you mean one of these? "
            "You can also type it again.",
            name=unknown[:60],
        )
        codes = suggestions or likely_countries(tr.language)
    else:
        text = _ask_country_text(tr, platform)
        codes = likely_countries(tr.language)
    keyboard = country_keyboard(platform, codes, tr)
    if edit and update.callback_query is not None:
        await show(update.callback_query, text, keyboard)
    else:
        await reply(update, text, keyboard)


async def _answer(update: Update, seen: Visit, platform: Platform, country: str) -> None:
    """Remember the country, and send the card and, where a right applies, the text to paste."""
    services = seen.services
    if seen.user is not None:
        await services.storage.users.set_country(seen.user.id, country)
        await services.storage.objections.finish_wizard(seen.user.id)
    entry, notices = await forms.current_form(
        services, services.knowledge.lookup(platform.id, country), seen.tr
    )
    card = render_card(services.knowledge, entry, platform, country, seen.tr, notices=notices)
    await reply(
        update, card.text, _card_keyboard(seen.tr, platform, entry, country, card.url_buttons)
    )
    if card.objection_text:
        await reply(
            update,
            seen.tr._("<b>Text you can paste</b> into the form or email (tap it to copy):")
            + f"\n<pre>{card.objection_text}</pre>",
        )


def _card_keyboard(
    tr: Translator,
    platform: Platform,
    entry: Entry,
    country: str,
    links: list[tuple[str, str]],
) -> InlineKeyboardMarkup:
    rows = [[InlineKeyboardButton(label, url=url)] for label, url in links]
    if entry.kind != "none":
        rows.append(
            [
                InlineKeyboardButton(
                    tr._("✅ I've submitted it"), callback_data=f"obj:done:{entry.id}:{country}"
                )
            ]
        )
        if entry.url:
            rows.append(
                [
                    InlineKeyboardButton(
                        tr._("⚠️ The form doesn't work"), callback_data=f"obj:broken:{entry.id}"
                    )
                ]
            )
    rows.append(
        [
            InlineKeyboardButton(
                tr._("🔔 Tell me when this changes"), callback_data=f"sub:f:{platform.id}"
            )
        ]
    )
    rows.append(
        [
            InlineKeyboardButton(tr._("📍 Change country"), callback_data=f"obj:cc:{platform.id}"),
            InlineKeyboardButton(tr._("↩️ Another platform"), callback_data=START),
        ]
    )
    return InlineKeyboardMarkup(rows)


async def wizard_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every ``obj:`` button; data naming nothing known is treated as expired."""
    query = update.callback_query
    assert query is not None and query.data is not None
    seen = await visit(update, context)
    knowledge = seen.services.knowledge
    if query.data == START:
        await acknowledge(query)
        await show(query, _ask_platform_text(seen.tr), platform_keyboard(knowledge.platforms))
        return
    match = _DATA.match(query.data)
    action, key, country = match.groups() if match else ("", "", None)
    if action in ("p", "c", "cc"):
        platform = _platform(seen, key)
        if platform is None or (action == "c" and not (country and is_country(country))):
            await _expired(query, seen)
            return
        await acknowledge(query)
        if action == "cc" or (action == "p" and (seen.user is None or not seen.user.country)):
            await _ask_country(update, seen, platform, edit=action == "p")
        else:
            await _answer(update, seen, platform, country or seen.user.country)  # type: ignore[union-attr]
        return
    entry = _entry(seen, key)
    if entry is None or seen.user is None:
        await _expired(query, seen)
        return
    if action == "done" and country and is_country(country) and region_of(country) in entry.regions:
        await _submitted(update, seen, entry, country)
    elif action == "broken":
        await _broken(update, seen, entry)
    else:
        await _expired(query, seen)


async def _submitted(update: Update, seen: Visit, entry: Entry, country: str) -> None:
    """Record the objection and schedule the confirmation check; a second tap changes nothing,
    a tap after a refusal counts as sending it again."""
    assert update.callback_query is not None and seen.user is not None
    services = seen.services
    today = services.clock().date()
    objections = services.storage.objections
    objection, created = await objections.record(
        seen.user.id,
        platform=entry.platform,
        country=country,
        region=region_of(country),
        entry_id=entry.id,
        today=today,
    )
    if not created and objection.status in ("refused", "no_answer", "closed"):
        created = await objections.reopen(objection, today)
    if created:
        await services.storage.checks.schedule(
            objection.id, services.clock() + services.settings.check_after
        )
        services.scheduler.wake()
    platform = services.knowledge.platform(entry.platform)
    await acknowledge(update.callback_query, seen.tr._("Noted."))
    await reply(
        update,
        seen.tr._(
            "✅ Noted: you submitted your objection for {platform} on {date}. In {time} I will "
            "ask you whether the confirmation came. Keep it (email or screenshot): it is your "
            "proof. /status shows all your objections.",
            platform=platform.name,
            date=seen.tr.date(today),
            time=seen.tr.duration(services.settings.check_after),
        ),
        main_menu(seen.tr),
    )


async def _broken(update: Update, seen: Visit, entry: Entry) -> None:
    assert update.callback_query is not None and seen.user is not None
    counted = await seen.services.storage.objections.report_form(
        entry.id, seen.user.id, seen.services.clock().date()
    )
    if counted:
        await forms.report_received(seen.services, update.get_bot(), entry)
    await acknowledge(update.callback_query, seen.tr._("Thank you for the report."))
    tips = [
        seen.tr._("Log in to your account first, then open the link again."),
        seen.tr._("Use a desktop browser: the links often fail in apps and on phones."),
    ]
    if entry.app_path:
        tips.append(seen.tr._("Or use the path inside the app shown above."))
    tips.append(seen.tr._("Take a screenshot of any error: it is evidence if you complain later."))
    text = "\n".join(
        [seen.tr._("<b>Thank you, I have noted it.</b> Meanwhile, try this:")]
        + [f"• {tip}" for tip in tips]
    )
    await reply(update, text)


async def _expired(query: CallbackQuery, seen: Visit) -> None:
    await acknowledge(query, seen.tr._("This button has expired."))


def _platform(seen: Visit, platform_id: str) -> Platform | None:
    try:
        return seen.services.knowledge.platform(platform_id)
    except KeyError:
        return None


def _entry(seen: Visit, entry_id: str) -> Entry | None:
    try:
        return seen.services.knowledge.entry(entry_id)
    except KeyError:
        return None


async def typed_country(update: Update, seen: Visit, platform_id: str, text: str) -> bool:
    """Text sent while the wizard waits for a country. Returns ``False`` when the text reads as a
    question rather than a country, so the caller answers it instead."""
    platform = _platform(seen, platform_id)
    if platform is None:
        return False
    match = resolve_country(text, seen.services.catalogs.languages)
    code = match.code or seen.services.answers.country(text)
    if code is not None:
        await _answer(update, seen, platform, code)
        return True
    # A sentence is a question, however country-like its words; a word or two is a country.
    sentence = "?" in text or len(text.split()) >= QUESTION_WORDS
    if sentence and seen.services.answers.match(text, seen.tr.language).confident:
        return False
    await _ask_country(update, seen, platform, match.suggestions, unknown=text)
    return True


HANDLERS = [
    CommandHandler("object", object_command),
    CallbackQueryHandler(wizard_button, pattern=r"^obj:"),
]
