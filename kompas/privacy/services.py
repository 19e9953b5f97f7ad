"""Changes to the zone's privacy texts and contacts: each adds a row (history) and is audited in
the same transaction; nothing is edited in place. Only the integrity officer and the functional
administrator may (`privacy.edit_texts`); the data protection officer reads them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kompas.accounts.models import Person
from kompas.audit.services import record
from kompas.lib.clock import today
from kompas.privacy.models import NoticeText, PrivacyContacts
from kompas.privacy.texts import KEYS


def _require(by: Person) -> str:
    """The role under which ``by`` changes the texts, or a refusal."""
    if not by.has_perm("privacy.edit_texts"):
        raise PermissionDenied
    return "integrity_officer" if by.has_role("integrity_officer") else "admin"


def change_contacts(*, by: Person, values: dict[str, Any]) -> PrivacyContacts:
    """Put new contacts in force (`VersionedRules.new_version`); the same contacts add nothing."""
    role = _require(by)
    with transaction.atomic():
        contacts, added = PrivacyContacts.new_version(zone_id=by.zone_id, by=by, values=values)
        if added:
            record(
                "privacy.contacts_changed",
                actor=by,
                role=role,
                obj=contacts,
                zone_id=by.zone_id,
                detail={"missing": ",".join(contacts.missing())},
            )
    return contacts


@transaction.atomic
def change_text(*, by: Person, key: str, texts: dict[str, str]) -> NoticeText:
    """Put the zone's own wording of one part of its notices in force (Dutch required, French
    and English optional: a language left empty reads the Dutch text). The same texts as those
    in force add nothing (a double submit or a retry)."""
    role = _require(by)
    if key not in KEYS:
        raise ValidationError(_("Unknown part of the notices."))
    cleaned = {lang: text.strip() for lang, text in texts.items() if text and text.strip()}
    if "nl" not in cleaned:
        raise ValidationError(_("The Dutch text is required."))
    newest = (
        NoticeText.objects.select_for_update(no_key=True)
        .filter(zone_id=by.zone_id, key=key)
        .order_by("-pk")
        .first()
    )
    if newest is not None and newest.texts == cleaned:
        return newest
    text = NoticeText.objects.create(
        zone_id=by.zone_id, key=key, texts=cleaned, created_on=today(), created_by=by
    )
    record("privacy.text_changed", actor=by, role=role, obj=text, detail={"key": key})
    return text


def reader_role(person: Person) -> str:
    """The role under which a look at the records or the registers' counts is audited."""
    for role in ("dpo", "integrity_officer", "admin"):
        if person.has_role(role):
            return role
    return ""
