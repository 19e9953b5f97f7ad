"""A privacy notice as a reader gets it: the zone's texts in force (else the built-in ones), its
contacts, what is stored about whom and how long it is kept, read from the settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kompas.privacy.models import NoticeText, PrivacyContacts
from kompas.privacy.processings import BY_KEY, STORED, Processing
from kompas.privacy.retention import Kept, periods
from kompas.privacy.texts import BUILT_IN, KEYS

LANGUAGES = ("nl", "fr", "en")


@dataclass(frozen=True)
class Wording:
    """The texts in force for a zone in one language, and the day the newest of them (or of the
    contacts) was put in force (None: the built-in texts and no contacts yet)."""

    texts: dict[str, str]
    since: date | None


def built_in(key: str, language: str) -> str:
    texts = BUILT_IN[key]
    return texts.get(language) or texts["nl"]


def in_force(zone_id: int, language: str) -> Wording:
    """Every key of `texts.KEYS` with the zone's newest text in ``language`` (its Dutch one when
    it wrote none in that language), else the built-in text; one query."""
    found = {key: built_in(key, language) for key in KEYS}
    since: date | None = None
    seen: set[str] = set()
    rows = NoticeText.objects.filter(zone_id=zone_id).order_by("-pk")
    for key, texts, created_on in rows.values_list("key", "texts", "created_on"):
        if key in seen or key not in found:
            continue
        seen.add(key)
        text = texts.get(language) or texts.get("nl")
        if text:
            found[key] = text
            since = created_on if since is None else max(since, created_on)
    return Wording(found, since)


def all_languages(zone_id: int) -> dict[str, dict[str, str]]:
    """Per key, the text in force in each language as the zone wrote it (empty where it wrote
    none: the form then offers the built-in text)."""
    current: dict[str, dict[str, str]] = {}
    for key, texts in (
        NoticeText.objects.filter(zone_id=zone_id).order_by("-pk").values_list("key", "texts")
    ):
        current.setdefault(key, texts)
    return current


@dataclass(frozen=True)
class Notice:
    processing: Processing
    texts: dict[str, str]
    contacts: PrivacyContacts
    kept: list[Kept]
    sealed_with: list[str]
    files: list[str]
    since: date | None


def notice(zone_id: int, key: str, language: str) -> Notice:
    """The notice of one processing for a zone (three to five queries)."""
    wording = in_force(zone_id, language)
    contacts = PrivacyContacts.current(zone_id)
    since = wording.since
    if contacts.pk is not None:
        since = contacts.created_on if since is None else max(since, contacts.created_on)
    return Notice(
        processing=BY_KEY[key],
        texts=wording.texts,
        contacts=contacts,
        kept=periods(zone_id)[key],
        sealed_with=sealed_with(key),
        files=[str(s.files) for s in STORED.values() if key in s.processings and s.files],
        since=since,
    )


def sealed_with(key: str) -> list[str]:
    """The keys a processing's sealed fields are encrypted with, each named once."""
    named: list[str] = []
    for stored in STORED.values():
        if key in stored.processings and stored.sealed and stored.sealed_with:
            text = str(stored.sealed_with)
            if text not in named:
                named.append(text)
    return named
