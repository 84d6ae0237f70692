"""The escalation step: which authority to complain to, and a complaint text ready to paste.

Reached when an objection got no answer or was refused. Domain code only (no ``telegram``): it
returns Telegram HTML (tags b, i, a, code), link buttons and a plain complaint text for ``<pre>``.
Fixed sentences go through ``tr._`` (placeholders escaped); data goes through ``tr.raw`` and
``escape``. Where the facts are unconfirmed the text says "not verified" instead of guessing.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Literal

from bot.i18n import Html, Translator, escape, negotiate, telegram_code
from bot.i18n.rendering import (
    MESSAGE_LIMIT,
    data_text,
    join_blocks,
    section,
    short_link,
    sources_line,
)
from bot.knowledge.authorities import (
    Authority,
    Regime,
    lead_authority_for_meta,
    subdivisions,
)
from bot.knowledge.card import KIND_LABELS
from bot.knowledge.model import Entry
from bot.knowledge.regions import REGION_NAMES

WhatHappened = Literal["no_confirmation", "refused"]


@dataclass(frozen=True)
class Escalation:
    """What the bot sends: HTML text, link buttons (label, url), and the complaint to paste.

    ``complaint_text`` is plain text whose inserted values are HTML-escaped, so it can be sent
    inside ``<pre>`` as is.
    """

    text: str
    url_buttons: list[tuple[str, str]] = field(default_factory=list)
    complaint_text: str = ""


@dataclass(frozen=True)
class _Case:
    """Everything one escalation is about, so the helpers share one argument."""

    authority: Authority
    regime: Regime
    platform: str
    entry: Entry
    submitted_on: date
    what_happened: WhatHappened
    tr: Translator
    lead: Authority | None


def render_escalation(
    authority: Authority,
    regime: Regime,
    *,
    platform_name: str,
    entry: Entry,
    submitted_on: date,
    what_happened: WhatHappened,
    tr: Translator,
    is_meta: bool,
) -> Escalation:
    """The next step after silence or a refusal, for a regime with a right to object."""
    if not regime.objection_right:
        raise ValueError(f"regime {regime.id!r} has no right to object: use render_no_right")
    lead = lead_authority_for_meta() if is_meta and regime.id == "gdpr" else None
    case = _Case(authority, regime, platform_name, entry, submitted_on, what_happened, tr, lead)
    blocks: list[str] = []
    for sources_style in ("links", "count"):
        blocks = _blocks(case)
        blocks[-2] = sources_line(authority.sources, tr, sources_style)
        if len(join_blocks(blocks)) <= MESSAGE_LIMIT:
            break
    # A very long translation: drop whole sections before the sources, keeping HTML balanced.
    while len(join_blocks(blocks)) > MESSAGE_LIMIT and len(blocks) > 3:
        del blocks[-3]
    buttons = [_main_button(authority, tr)]
    if lead and lead.id != authority.id and lead.complaint_url:
        buttons.append((tr._("Complain to the Irish DPC instead"), lead.complaint_url))
    return Escalation(join_blocks(blocks), buttons, _complaint(case))


def _blocks(case: _Case) -> list[str]:
    """Sections in order; the last two are always the sources and the "Checked on" line."""
    authority, regime, tr = case.authority, case.regime, case.tr
    data = partial(data_text, tr)
    heading = [
        tr._("<b>Next step: the data protection authority</b>"),
        f"<b>{escape(authority.name)}</b>",
    ]
    if authority.local_name:
        heading.append(f"<i>{escape(authority.local_name)}</i>")
    blocks = ["\n".join(heading), _why(case)]
    if case.lead:
        blocks.append(_meta_lead(authority, case.lead, tr))
    blocks.append(_route(authority, tr))
    blocks.append(_languages(authority, tr))
    blocks.append(section(tr._("<b>Good to know</b>"), [data(n) for n in authority.notes]))
    blocks.append(section(tr._("⚠️ <b>Not verified</b>"), [data(u) for u in regime.unverified]))
    blocks.append(
        tr._(
            "Copy the complaint text below. Add your name and contact details, and attach "
            "screenshots of your objection and of any reply."
        )
    )
    blocks.append("")  # the sources, filled in by the caller in the style that fits
    blocks.append(tr._("<i>Checked on {date}</i>", date=tr.date(authority.checked)))
    return blocks


def _why(case: _Case) -> str:
    """Why the user may escalate, with the article that gives the right.

    Silence is stated with its deadline date rather than as "the deadline has passed": the bot
    cannot know whether the user escalates before or after it.
    """
    regime, platform, tr = case.regime, case.platform, case.tr
    when = tr.date(case.submitted_on)
    if case.what_happened == "no_confirmation" and regime.id in {"gdpr", "uk-gdpr"}:
        values = {"platform": platform, "date": when, "deadline": tr.date(_one_month(case))}
        if regime.id == "gdpr":
            return tr._(
                "Under Article 12(3) GDPR, {platform} must answer your objection of {date} within "
                "one month, that is by {deadline}. If no answer has come by then, you can "
                "complain to a data protection authority (Article 77 GDPR).",
                **values,
            )
        return tr._(
            "Under the UK GDPR, {platform} must answer your objection of {date} within one "
            "month, that is by {deadline}. If no answer has come by then, you can complain to "
            "the Information Commissioner's Office (ICO).",
            **values,
        )
    if case.what_happened == "refused":
        happened = tr._(
            "{platform} refused your objection of {date}.", platform=platform, date=when
        )
    else:
        happened = tr._(
            "{platform} has not confirmed your objection of {date}.", platform=platform, date=when
        )
    if regime.id == "gdpr":
        right = tr._("You can complain to a data protection authority (Article 77 GDPR).")
    elif regime.id == "uk-gdpr":
        right = tr._(
            "You can complain to the Information Commissioner's Office (ICO) under the UK GDPR."
        )
    elif regime.id == "ch-fadp":
        right = tr._(
            "In Switzerland there is no formal complaint like under the GDPR. You can report the "
            "case to the FDPIC, which can open an investigation (Article 49 FADP). Processing "
            "your data against your express wish breaches your personality rights (Article "
            "30(2)(b) FADP)."
        )
    else:
        right = tr._(
            "You can petition the ANPD against the company (Article 18, §1, LGPD). The ANPD "
            "requires proof of your earlier request, so keep the confirmation or screenshots."
        )
    return f"{happened} {right}"


def _one_month(case: _Case) -> date:
    """The same day a month later, or the month's last day (31 January → 28/29 February)."""
    day = case.submitted_on
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _meta_lead(authority: Authority, lead: Authority, tr: Translator) -> str:
    if lead.id == authority.id:
        return tr._("The Irish Data Protection Commission (DPC) leads for Meta in the EU.")
    return tr._(
        "For Meta, the Irish Data Protection Commission (DPC) is the lead authority in the EU. "
        "You may always complain to your own authority instead (Article 77 GDPR). It passes "
        "your complaint to the DPC and stays your contact."
    )


def _route(authority: Authority, tr: Translator) -> str:
    lines: list[str] = []
    if authority.complaint_url:
        lines.append(
            tr._("<b>Complaint page:</b> {link}", link=Html(short_link(authority.complaint_url)))
        )
        if authority.status == "reported":
            lines.append(tr._("ℹ️ Partly based on single reports. Details may change."))
    elif authority.website:
        lines.append(
            tr._(
                "⚠️ <b>Not verified:</b> we found no confirmed complaint page. Start from the "
                "authority's website: {link}",
                link=Html(short_link(authority.website)),
            )
        )
    if authority.email:
        address = Html(f"<code>{escape(authority.email)}</code>")
        lines.append(tr._("<b>Email:</b> {address}", address=address))
    return "\n".join(lines)


def _languages(authority: Authority, tr: Translator) -> str:
    names = [tr.locale.languages.get(code, code) for code in authority.languages]
    line = tr._("<b>Takes complaints in:</b> {languages}", languages=", ".join(names))
    # Authorities list plain codes: "no" is read as Bokmål, "pt" takes Brazilian Portuguese too.
    understood = {telegram_code(negotiate(code)) for code in authority.languages}
    if telegram_code(tr.language) not in understood:
        line += "\n" + tr._(
            "The complaint text below is in your language. Translate it into one of these "
            "languages before you send it."
        )
    return line


def _main_button(authority: Authority, tr: Translator) -> tuple[str, str]:
    if authority.complaint_url:
        return tr._("Open the complaint page"), authority.complaint_url
    if authority.website is None:  # the loader guarantees one of the two
        raise ValueError(f"authority {authority.id!r} has no link")
    return tr._("Open the website (complaint page not verified)"), authority.website


def _complaint(case: _Case) -> str:
    """A polite complaint in the user's language that cites the articles of the regime."""
    tr = case.tr
    values = {
        "platform": case.platform,
        "date": tr.date(case.submitted_on),
        "form": _form(case.entry, tr),
    }
    objected = {
        "gdpr": tr._(
            "On {date} I objected under Article 21 GDPR to the processing of my personal data by "
            "{platform} for developing and training AI models. I used: {form}",
            **values,
        ),
        "uk-gdpr": tr._(
            "On {date} I objected under Article 21 UK GDPR to the processing of my personal data "
            "by {platform} for developing and training AI models. I used: {form}",
            **values,
        ),
        "ch-fadp": tr._(
            "On {date} I expressly objected to the processing of my personal data by {platform} "
            "for developing and training AI models. I used: {form}",
            **values,
        ),
        "lgpd": tr._(
            "On {date} I objected under Article 18, §2, of the Brazilian General Data Protection "
            "Law (LGPD) to the processing of my personal data by {platform} for developing and "
            "training AI models. I have not consented to this processing. I used: {form}",
            **values,
        ),
    }[case.regime.id]
    paragraphs = [tr._("Dear Sir or Madam,"), objected, _outcome(case, values)]
    paragraphs.append(
        {
            "gdpr": tr._(
                "I therefore lodge a complaint under Article 77 GDPR. Please examine it, make "
                "{platform} respect my objection, and inform me of the progress and the outcome.",
                **values,
            ),
            "uk-gdpr": tr._(
                "I therefore complain to the Information Commissioner under Article 77 UK GDPR. "
                "Please examine my complaint, make {platform} respect my objection, and inform me "
                "of the outcome.",
                **values,
            ),
            "ch-fadp": tr._(
                "Processing my data against my express wish breaches my personality rights under "
                "Article 30(2)(b) of the Federal Act on Data Protection (FADP). I report this to "
                "the FDPIC under Article 49 FADP and ask you to examine whether to open an "
                "investigation.",
            ),
            "lgpd": tr._(
                "Under Article 18, §1, LGPD I petition the ANPD against {platform}. I attach "
                "proof of my request to the company.",
                **values,
            ),
        }[case.regime.id]
    )
    paragraphs.append(
        tr._("Kind regards\n\nName:\nEmail address of my {platform} account:", **values)
    )
    return "\n\n".join(paragraphs)


def _outcome(case: _Case, values: dict[str, str]) -> str:
    regime, tr = case.regime, case.tr
    if case.what_happened == "refused":
        refused = tr._("{platform} refused my objection.", **values)
        if regime.id == "gdpr":
            return (
                refused
                + " "
                + tr._(
                    "In my view it has not shown compelling legitimate grounds that override my "
                    "interests, rights and freedoms (Article 21(1) GDPR)."
                )
            )
        if regime.id == "uk-gdpr":
            return (
                refused
                + " "
                + tr._(
                    "In my view it has not shown compelling legitimate grounds that override my "
                    "interests, rights and freedoms (Article 21(1) UK GDPR)."
                )
            )
        return refused
    if regime.id == "gdpr":
        return tr._(
            "I have received no answer within one month, not even a notice that the deadline "
            "is extended. This breaches Article 12(3) GDPR."
        )
    if regime.id == "uk-gdpr":
        return tr._("I have received no answer within one month (Article 12(3) UK GDPR).")
    return tr._("I have received no answer.")


def _form(entry: Entry, tr: Translator) -> str:
    """Where the objection was sent: the form's address, the app path, or the email address."""
    if entry.url:
        return entry.url
    if entry.app_path:
        return tr.raw(entry.app_path[0])
    if entry.email:
        return entry.email.to
    return tr._(KIND_LABELS[entry.kind])


def render_no_right(
    region: str,
    *,
    platform_name: str,
    tr: Translator,
    entry: Entry | None = None,
    authority: Authority | None = None,
) -> str:
    """An honest "no right to object here", what helps instead, and the local authority.

    What helps comes from the knowledge ``entry`` (its alternatives hold the third-party data
    form and such, with their own "not verified" flags), never from addresses written here.
    """
    data = partial(data_text, tr)
    if region == "us":
        why = tr._(
            "In the United States there is no general legal right to object to the use of your "
            "posts for AI training. California's privacy law (CCPA) gives opt-out rights, not a "
            "right to object like the GDPR's."
        )
    elif region in REGION_NAMES and region != "row":
        why = tr._(
            "We know of no legal right in {region} to object to AI training on your posts like "
            "the one the GDPR gives people in the EU.",
            region=tr._(REGION_NAMES[region]),
        )
    else:
        why = tr._(
            "We know of no legal right where you live to object to AI training on your posts "
            "like the one the GDPR gives people in the EU. Some countries have such laws: your "
            "data protection authority can tell you."
        )
    blocks = [tr._("<b>{platform}: what you can still do</b>", platform=platform_name), why]
    if entry and entry.alternatives:
        helps = [_alternative(a.text, a.url, a.unverified, tr) for a in entry.alternatives]
    else:
        helps = [
            tr._("Make your posts non-public where the platform allows it."),
            tr._("Delete posts and photos that you do not want used in the future."),
        ]
    blocks.append(section(tr._("<b>What helps instead</b>"), helps))
    if authority:
        lines = [tr._("<b>Data protection authority:</b> {name}", name=authority.name)]
        link = authority.complaint_url or authority.website
        if link:
            lines.append(tr._("Link: {link}", link=Html(short_link(link))))
        if authority.complaint_url_unverified:
            lines.append(tr._("⚠️ <i>This link is not verified.</i>"))
        lines += [f"• {data(note)}" for note in authority.notes]
        blocks.append("\n".join(lines))
    text = join_blocks(blocks)
    while len(text) > MESSAGE_LIMIT and len(blocks) > 2:
        del blocks[-1]
        text = join_blocks(blocks)
    return text


def render_ask_subdivision(tr: Translator) -> tuple[str, list[tuple[str, str]]]:
    """Germany: the Land decides the authority, so ask for it (names as buttons)."""
    text = "\n".join(
        [
            tr._("<b>Which Land do you live in?</b>"),
            tr._(
                "In Germany each Land has its own data protection authority. For a company based "
                "abroad, such as Meta, you complain to the authority of the Land where you live."
            ),
        ]
    )
    return text, subdivisions("DE")


def _alternative(text: str, url: str | None, unverified: bool, tr: Translator) -> str:
    lines = [data_text(tr, text)]
    if url:
        lines.append(tr._("Link: {link}", link=Html(short_link(url))))
    if unverified:
        lines.append(tr._("⚠️ <i>This link is not verified.</i>"))
    return "\n".join(lines)
