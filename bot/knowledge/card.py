"""The answer card: one entry rendered as a Telegram HTML message in the user's language.

Domain code only (no ``telegram`` import): it returns text, button specs and the objection text,
and the bot layer sends them. Fixed sentences go through ``tr._`` so pybabel extracts them; data
sentences go through ``tr.raw`` and are escaped, so nothing in the data can inject markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial

from bot.i18n import N_, Html, Translator, escape
from bot.i18n.rendering import (
    MESSAGE_LIMIT,
    data_text,
    join_blocks,
    section,
    short_link,
    sources_line,
)
from bot.knowledge.model import Alternative, Entry, KnowledgeBase, Platform

#: Whom an objection is addressed to, where that is the family rather than the app.
CONTROLLERS = {"meta": "Meta"}

KIND_LABELS = {
    "form": N_("Objection form"),
    "setting": N_("Setting to switch off"),
    "email": N_("Opt-out by email"),
    "none": N_("No objection option"),
}


@dataclass(frozen=True)
class Card:
    """What the bot sends: HTML text, link buttons (label, url), and a paste-ready objection.

    ``objection_text`` is plain text whose inserted names are HTML-escaped, so it can be sent as
    is or inside ``<code>``; it is ``None`` where no right to object applies or nothing is sent.
    """

    text: str
    url_buttons: list[tuple[str, str]] = field(default_factory=list)
    objection_text: str | None = None


def render_card(
    kb: KnowledgeBase,
    entry: Entry,
    platform: Platform | str,
    country_code: str,
    tr: Translator,
    *,
    notices: Sequence[str] = (),
) -> Card:
    """Render ``entry`` for a user in ``country_code``; fits one message in every language.

    ``notices`` are HTML lines shown right under the title (e.g. moderators' warnings)."""
    if isinstance(platform, str):
        platform = kb.platform(platform)
    blocks: list[str] = []
    for sources_style in ("links", "names", "count"):
        blocks = _render_blocks(entry, platform, country_code, tr, sources_style)
        blocks[1:1] = ["\n".join(notices)] if notices else []
        if len(join_blocks(blocks)) <= MESSAGE_LIMIT:
            break
    # Last resort for a very long translation (tests keep English far below): drop whole
    # sections before the date line, so the HTML stays balanced.
    while len(join_blocks(blocks)) > MESSAGE_LIMIT and len(blocks) > 2:
        del blocks[-2]
    text = join_blocks(blocks)
    return Card(
        text=text,
        url_buttons=_buttons(entry, tr),
        objection_text=objection_text(entry, platform, tr),
    )


def _render_blocks(
    entry: Entry, platform: Platform, country: str, tr: Translator, sources_style: str
) -> list[str]:
    """The card's sections in order; the last one is always the "Checked on" line."""
    data = partial(data_text, tr)
    blocks: list[str] = [
        tr._(
            "<b>{platform} in {country}</b>",
            platform=platform.name,
            country=tr.country_name(country),
        )
        + "\n"
        + tr._("<i>{kind}</i>", kind=tr._(KIND_LABELS[entry.kind])),
    ]
    if entry.status == "unconfirmed":
        blocks.append(
            tr._("⚠️ <b>Not verified.</b> We could not confirm this answer. Check it yourself.")
        )
    elif entry.status == "reported":
        blocks.append(tr._("ℹ️ Partly based on single reports. Details may change."))
    intro = [data(entry.intro)] if entry.intro else []
    if entry.kind == "none":
        intro.append(
            tr._(
                "<b>There is no way to object for {platform} in {country}.</b>",
                platform=platform.name,
                country=tr.country_name(country),
            )
        )
    intro += [data(note) for note in entry.notes]
    blocks.append("\n".join(intro))
    if entry.who:
        blocks.append(tr._("<b>Who can use it:</b> {who}", who=Html(data(entry.who))))
    steps = _steps(entry, tr, data)
    if steps:
        blocks.append(section(tr._("<b>How to do it</b>"), steps, numbered=True))
    blocks.append(section(tr._("<b>What to enter</b>"), [data(f) for f in entry.fields]))
    blocks.append(section(tr._("<b>What to expect</b>"), [data(c) for c in entry.confirmation]))
    blocks.append(
        section(
            tr._("<b>No confirmation?</b>"),
            [data(s) for s in entry.if_no_confirmation],
            numbered=True,
        )
    )
    blocks.append(section(tr._("<b>Watch out</b>"), [data(p) for p in entry.pitfalls]))
    blocks.append(section(tr._("⚠️ <b>Not verified</b>"), [data(u) for u in entry.unverified]))
    alternatives_title = (
        tr._("<b>What helps instead</b>") if entry.kind == "none" else tr._("<b>Other options</b>")
    )
    blocks.append(
        section(alternatives_title, [_alternative(a, tr, data) for a in entry.alternatives])
    )
    blocks.append(sources_line(entry.sources, tr, sources_style))
    blocks.append(tr._("<i>Checked on {date}</i>", date=tr.date(entry.checked)))
    return blocks


def _steps(entry: Entry, tr: Translator, data: Callable[[str], str]) -> list[str]:
    steps: list[str] = []
    if entry.url:
        link = Html(short_link(entry.url))
        if entry.kind == "form":
            steps.append(tr._("Open the form: {link}", link=link))
        else:
            steps.append(tr._("Open the setting: {link}", link=link))
    if entry.email:
        address = Html(f"<code>{escape(entry.email.to)}</code>")
        if entry.email.subject:
            subject = Html(f"<code>{escape(entry.email.subject)}</code>")
            steps.append(
                tr._(
                    "Send an email to {address} with the subject {subject}.",
                    address=address,
                    subject=subject,
                )
            )
        else:
            steps.append(tr._("Send an email to {address}.", address=address))
    for number, path in enumerate(entry.app_path):
        path_html = Html(f"<i>{data(path)}</i>")
        if steps or number:
            steps.append(tr._("Or in the app: {path}", path=path_html))
        else:
            steps.append(tr._("In the app: {path}", path=path_html))
    steps += [data(step) for step in entry.steps]
    return steps


def _alternative(alternative: Alternative, tr: Translator, data: Callable[[str], str]) -> str:
    lines = [data(alternative.text)]
    if alternative.app_path:
        path = Html(f"<i>{data(alternative.app_path)}</i>")
        lines.append(tr._("In the app: {path}", path=path))
    if alternative.url:
        link = Html(short_link(alternative.url))
        lines.append(tr._("Link: {link}", link=link))
    if alternative.unverified:
        lines.append(tr._("⚠️ <i>This link is not verified.</i>"))
    return "\n".join(lines)


def _buttons(entry: Entry, tr: Translator) -> list[tuple[str, str]]:
    buttons: list[tuple[str, str]] = []
    if entry.url:
        label = tr._("Open the form") if entry.kind == "form" else tr._("Open the setting")
        buttons.append((label, entry.url))
    for alternative in entry.alternatives:
        if alternative.url and alternative.label:
            label = tr.raw(alternative.label)
            if alternative.unverified:
                label = tr._("{label} (not verified)", label=label)
            buttons.append((label, alternative.url))
    return buttons


def objection_text(entry: Entry, platform: Platform, tr: Translator) -> str | None:
    """A short, polite objection citing the right that applies; ``None`` where none does."""
    if entry.legal_basis is None or entry.kind == "setting":
        return None
    company = CONTROLLERS.get(platform.family or "", platform.name)
    if entry.legal_basis == "gdpr":
        return tr._(
            "Hello,\n\nI object under Article 21 GDPR to the processing of my personal data by "
            "{company} for developing and training AI models. This includes my posts, photos, "
            "comments and my interactions with AI features. I do not want my data to be used "
            "for this.\n\nPlease stop this processing and confirm in writing that you have "
            "accepted my objection.\n\nThank you.",
            company=company,
        )
    if entry.legal_basis == "uk-gdpr":
        return tr._(
            "Hello,\n\nI object under Article 21 UK GDPR to the processing of my personal data "
            "by {company} for developing and training AI models. This includes my posts, photos, "
            "comments and my interactions with AI features. I do not want my data to be used "
            "for this.\n\nPlease stop this processing and confirm in writing that you have "
            "accepted my objection.\n\nThank you.",
            company=company,
        )
    if entry.legal_basis == "ch-fadp":
        return tr._(
            "Hello,\n\nI expressly object to the processing of my personal data by {company} "
            "for developing and training AI models. This includes my posts, photos, comments "
            "and my interactions with AI features. Processing my data against my express wish "
            "breaches my personality rights under Article 30(2)(b) of the Swiss Federal Act on "
            "Data Protection (FADP).\n\nPlease stop this processing and confirm in writing that "
            "you have accepted my objection.\n\nThank you.",
            company=company,
        )
    if entry.legal_basis == "lgpd":
        return tr._(
            "Hello,\n\nUnder Article 18, paragraph 2, of the Brazilian General Data Protection "
            "Law (LGPD), I object to the processing of my personal data by {company} for "
            "developing and training AI models. This includes my posts, photos, comments and my "
            "interactions with AI features. I have not consented to this processing.\n\nPlease "
            "stop this processing and confirm in writing that you have accepted my objection."
            "\n\nThank you.",
            company=company,
        )
    raise ValueError(f"no objection text for legal basis {entry.legal_basis!r}")
