"""Authorities: every place the bot escalates for resolves, links are verbatim from the facts."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract

from bot.knowledge.authorities import (
    AUTHORITIES_FILE,
    all_authorities,
    authority_for,
    extract_authorities,
    lead_authority_for_meta,
    load_authorities,
    needs_subdivision,
    regime_for,
    subdivisions,
)
from bot.knowledge.model import KnowledgeError
from bot.knowledge.regions import COUNTRY_REGIONS

FACTS = Path(__file__).resolve().parents[2] / "shared" / "facts"
EEA = sorted(code for code, region in COUNTRY_REGIONS.items() if region == "eea")
#: Countries the facts cover; the French outermost regions, Åland etc. are EEA too but have none.
COVERED_EEA = [code for code in EEA if code not in {"GP", "MQ", "GF", "RE", "YT", "MF", "AX"}]
LANDER = [
    "BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH",
]  # fmt: skip


def test_every_eea_country_and_gb_ch_br_resolves_to_a_route() -> None:
    assert len(COVERED_EEA) == 30 + 2  # EU 27 + IS, LI, NO, plus IC and EA (Spain)
    for code in [*COVERED_EEA, "GB", "CH", "BR"]:
        country = "ES" if code in {"IC", "EA"} else code
        subdivision = "DE-BE" if country == "DE" else None
        authority = authority_for(country, subdivision)
        assert authority is not None, code
        if authority.complaint_url:
            assert authority.complaint_url.startswith("https://"), code
            assert not authority.complaint_url_unverified
        else:
            assert authority.complaint_url_unverified and authority.website, code
            assert authority.status == "unconfirmed", code


def test_germany_needs_a_land_and_every_land_resolves() -> None:
    assert needs_subdivision("DE") and needs_subdivision("de")
    assert authority_for("DE") is None
    assert authority_for("DE", "DE-XX") is None
    codes = [code for code, _ in subdivisions("DE")]
    assert sorted(codes) == sorted(f"DE-{land}" for land in LANDER)
    names = dict(subdivisions("DE"))
    assert names["DE-BY"] == "Bayern" and names["DE-TH"] == "Thüringen"
    for code in codes:
        authority = authority_for("DE", code)
        assert authority is not None and authority.subdivision == code
        assert authority.competent_for_companies
    assert "HmbBfDI" in authority_for("DE", "DE-HH").name  # type: ignore[union-attr]
    assert "BayLDA" in authority_for("DE", "de-by").name  # type: ignore[union-attr]


def test_federal_bfdi_and_bavarian_public_authority_are_not_for_companies() -> None:
    by_id = {a.id: a for a in all_authorities()}
    assert not by_id["debfdi"].competent_for_companies
    assert by_id["debfdi"].subdivision is None
    assert not by_id["debayldb"].competent_for_companies


@pytest.mark.parametrize(
    ("country", "name", "url"),
    [
        ("FR", "CNIL", "https://www.cnil.fr/fr/plaintes"),
        ("IE", "(DPC)", "https://forms.dataprotection.ie/contact"),
        ("GB", "(ICO)", "https://ico.org.uk/make-a-complaint/data-protection-complaints"),
        ("CH", "(FDPIC)", None),
        ("BR", "(ANPD)", None),
    ],
)
def test_known_authorities(country: str, name: str, url: str | None) -> None:
    authority = authority_for(country)
    assert authority is not None and name in authority.name
    if url:
        assert authority.complaint_url == url


def test_unconfirmed_complaint_pages_are_left_out() -> None:
    for country, subdivision in [("DK", None), ("EE", None), ("HU", None), ("DE", "DE-TH")]:
        authority = authority_for(country, subdivision)
        assert authority is not None
        assert authority.complaint_url is None and authority.complaint_url_unverified
    # The facts give Liechtenstein's form only as plain http: never linked.
    assert authority_for("LI").complaint_url is None  # type: ignore[union-attr]


def test_meta_lead_and_regimes() -> None:
    assert lead_authority_for_meta().country == "IE"
    assert regime_for("eea").id == "gdpr" and regime_for("uk").id == "uk-gdpr"
    assert regime_for("ch").id == "ch-fadp" and regime_for("br").id == "lgpd"
    assert regime_for("uk").unverified
    for region in ("us", "au", "kr", "row"):
        assert not regime_for(region).objection_right
    # Authorities exist for the curious, without an objection right.
    for country in ("US", "AU", "KR", "JP", "CA"):
        assert authority_for(country) is not None, country
    assert authority_for("US").subdivision == "US-CA"  # type: ignore[union-attr]
    assert authority_for("NZ") is None


def _facts_text() -> str:
    if not FACTS.is_dir():
        pytest.skip(f"facts folder {FACTS} not found (CI checks out ../shared next to the repo)")
    return (FACTS / "authorities.md").read_text(encoding="utf-8") + (
        FACTS / "authorities.json"
    ).read_text(encoding="utf-8")


def test_every_url_and_email_is_verbatim_from_the_facts() -> None:
    facts = _facts_text()
    raw = json.loads(AUTHORITIES_FILE.read_text(encoding="utf-8"))
    found = 0
    for record in raw["authority"]:
        values = [record.get("website"), record.get("complaint_url"), record.get("email")]
        values += record["sources"]
        values += re.findall(r"https?://\S+", " ".join(record.get("notes", [])))
        for value in filter(None, values):
            assert value in facts, (record["id"], value)
            found += 1
    assert found > 150


def test_records_and_notes_are_counted() -> None:
    authorities = all_authorities()
    assert len(authorities) == 55
    assert len({a.id for a in authorities}) == 55
    assert all(a.checked.isoformat() == "2026-03-01" for a in authorities)


def write(tmp_path: Path, records: list[dict[str, Any]]) -> Path:
    path = tmp_path / "authorities.json"
    path.write_text(json.dumps({"authority": records}), encoding="utf-8")
    return path


def good(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": "iedpc",
        "country": "IE",
        "name": "Data Protection Commission (DPC)",
        "website": "https://www.dataprotection.ie/",
        "complaint_url": "https://forms.dataprotection.ie/contact",
        "languages": ["en"],
        "lead_for": ["meta"],
        "status": "confirmed",
        "checked": "2026-03-01",
        "sources": [
            "https://www.dataprotection.ie/en/news-media/latest-news/dpc-statement-meta-ai"
        ],
    }
    record.update(changes)
    return {k: v for k, v in record.items() if v is not None}


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"complaint_url": "http://forms.dataprotection.ie/contact"}, "not a valid https URL"),
        ({"complaint_url": None}, "complaint_url_unverified"),
        ({"complaint_url": None, "complaint_url_unverified": True}, "status 'unconfirmed'"),
        ({"languages": ["english"]}, "ISO 639-1"),
        ({"checked": "2999-01-01"}, "'checked'"),
        ({"notes": ["See <b>this</b>."]}, "plain sentences"),
        ({"country": "XX"}, "unknown country code"),
        ({"subdivision": "FR-IDF"}, "ISO 3166-2 code of IE"),
        ({"colour": "green"}, "unknown keys"),
        ({"sources": []}, "'sources'"),
    ],
)
def test_loader_errors_name_file_and_record(
    tmp_path: Path, changes: dict[str, Any], problem: str
) -> None:
    with pytest.raises(KnowledgeError) as error:
        load_authorities(write(tmp_path, [good(**changes)]))
    message = str(error.value)
    assert message.startswith("authorities.json: authority 'iedpc': "), message
    assert problem in message and "\n" not in message


def test_loader_errors_across_records(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="'iedpc': duplicate id"):
        load_authorities(write(tmp_path, [good(), good()]))
    with pytest.raises(KnowledgeError, match="lead_for"):
        load_authorities(write(tmp_path, [good(lead_for=None)]))
    path = tmp_path / "authorities.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"^authorities.json: invalid JSON"):
        load_authorities(path)
    assert len(load_authorities(write(tmp_path, [good()]))) == 1


def test_extractor_yields_every_note_with_its_record() -> None:
    with AUTHORITIES_FILE.open("rb") as fp:
        rows = list(extract(extract_authorities, fp))
    lines = AUTHORITIES_FILE.read_text(encoding="utf-8").splitlines()
    notes = {note for a in all_authorities() for note in a.notes}
    assert {message for _, message, _, _ in rows} == notes
    for lineno, message, comments, _ in rows:
        assert message in lines[lineno - 1] and comments[0].endswith(": notes")
    assert not any(m.startswith("https://") or "@" in m for m in notes)
    source = b'{"authority": [{"id": "a",\n "notes": ["Hello."]}]}'
    assert list(extract_authorities(io.BytesIO(source), [], [], {})) == [
        (2, None, "Hello.", ["a: notes"])
    ]
