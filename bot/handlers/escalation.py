"""Escalation in Telegram: the competent authority and a complaint text, or an honest "no right".

Callback data ``fu:land:<objection>:<DE-XX>`` answers the question for the German Land.
"""

from __future__ import annotations

import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from bot.followup.escalation import render_ask_subdivision, render_escalation, render_no_right
from bot.handlers.context import Visit, visit
from bot.handlers.replies import acknowledge, reply
from bot.knowledge.authorities import authority_for, needs_subdivision, regime_for, subdivisions
from bot.storage import Objection

_LAND = re.compile(r"^fu:land:(\d{1,12}):([A-Z]{2}-[A-Z]{2})$")
LANDS_PER_ROW = 2


async def show_next_steps(update: Update, seen: Visit, objection: Objection) -> None:
    """After a refusal or silence: the authority and complaint text where a right exists."""
    knowledge, tr = seen.services.knowledge, seen.tr
    entry = knowledge.entry(objection.entry_id)
    platform = knowledge.platform(objection.platform)
    regime = regime_for(objection.region)
    if not regime.objection_right:
        authority = authority_for(objection.country)
        text = render_no_right(
            objection.region, platform_name=platform.name, tr=tr, entry=entry, authority=authority
        )
        await reply(update, text)
        return
    subdivision = seen.user.subdivision if seen.user else None
    if needs_subdivision(objection.country) and not (
        subdivision and subdivision.startswith(f"{objection.country}-")
    ):
        text, lands = render_ask_subdivision(tr)
        buttons = [
            InlineKeyboardButton(name, callback_data=f"fu:land:{objection.id}:{code}")
            for code, name in lands
        ]
        rows = [buttons[i : i + LANDS_PER_ROW] for i in range(0, len(buttons), LANDS_PER_ROW)]
        await reply(update, text, InlineKeyboardMarkup(rows))
        return
    authority = authority_for(objection.country, subdivision)
    if authority is None:  # every country with a right has one; the data tests guarantee it
        raise LookupError(f"no authority for {objection.country}")
    escalation = render_escalation(
        authority,
        regime,
        platform_name=platform.name,
        entry=entry,
        submitted_on=objection.submitted_on,
        what_happened="refused" if objection.status == "refused" else "no_confirmation",
        tr=tr,
        is_meta=platform.family == "meta",
    )
    links = [[InlineKeyboardButton(label, url=url)] for label, url in escalation.url_buttons]
    await reply(update, escalation.text, InlineKeyboardMarkup(links) if links else None)
    await reply(
        update,
        tr._("<b>Complaint text you can paste</b> (tap it to copy):")
        + f"\n<pre>{escalation.complaint_text}</pre>",
    )


async def land_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The German Land was picked: remember it and show the authority."""
    query = update.callback_query
    assert query is not None and query.data is not None
    seen = await visit(update, context)
    match = _LAND.match(query.data)
    objection = None
    if match and seen.user is not None:
        objection = await seen.services.storage.objections.get(int(match.group(1)))
    valid = (
        match is not None
        and objection is not None
        and seen.user is not None
        and objection.user_id == seen.user.id
        and objection.status in ("refused", "no_answer")
        and match.group(2) in dict(subdivisions(objection.country))
    )
    if not valid:
        await acknowledge(query, seen.tr._("This button has expired."))
        return
    assert match is not None and objection is not None and seen.user is not None
    await seen.services.storage.users.set_subdivision(seen.user.id, match.group(2))
    await acknowledge(query)
    refreshed = await visit(update, context)
    await show_next_steps(update, refreshed, objection)


HANDLERS = [CallbackQueryHandler(land_button, pattern=r"^fu:land:")]
