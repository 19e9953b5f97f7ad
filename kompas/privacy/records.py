"""The records of processing (art. 30 GDPR), written from what Kompas stores and from its rules:
the tables and their fields from the models, sealed fields from `processings.STORED`, who can
read from the permission rules (`readers`) and the reporting channel's routing, retention from
the settings in force, purposes and recipients from the zone's notices. Nothing is kept by hand
beside the code, so the record says what the installation does today."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.utils import translation
from django.utils.translation import gettext as _

from kompas.accounts.roles import Role
from kompas.privacy.models import PrivacyContacts
from kompas.privacy.notices import in_force
from kompas.privacy.processings import PROCESSINGS, STORED, Processing
from kompas.privacy.readers import readers_of
from kompas.privacy.retention import Kept, periods

REPORT_PROCESSINGS = ("reporting", "public")


@dataclass(frozen=True)
class Table:
    label: str
    name: str
    fields: list[str]
    sealed: list[str]
    sealed_with: str
    files: str


@dataclass(frozen=True)
class Route:
    kind: str
    usual: str
    shared: str


@dataclass(frozen=True)
class Record:
    processing: Processing
    purposes: str
    legal_basis: str
    recipients: str
    tables: list[Table]
    readers: list[tuple[str, str]]
    routes: list[Route]
    kept: list[Kept]


@dataclass(frozen=True)
class Records:
    contacts: PrivacyContacts
    transfers: str
    fallback: str
    records: list[Record]


def tables_of(key: str) -> list[Table]:
    tables = []
    for label, stored in STORED.items():
        if key not in stored.processings:
            continue
        model = apps.get_model(label)
        tables.append(
            Table(
                label=label,
                name=str(model._meta.verbose_name),
                fields=[f.name for f in model._meta.concrete_fields],
                sealed=list(stored.sealed),
                sealed_with=str(stored.sealed_with or ""),
                files=str(stored.files or ""),
            )
        )
    return tables


def _roles(roles: tuple[str, ...]) -> str:
    names = dict(Role.choices)
    return ", ".join(str(names[role]) for role in roles)


def routes() -> list[Route]:
    """Who receives each kind of report and with whom a handler may share it (`ROUTES`,
    `SHAREABLE` of the reporting channel)."""
    from kompas.reporting.models import Kind
    from kompas.reporting.services import ROUTES, SHAREABLE

    return [
        Route(str(label), _roles(ROUTES[kind]), _roles(SHAREABLE[kind]))
        for kind, label in Kind.choices
    ]


def records(zone_id: int, language: str) -> Records:
    """Every processing's record for the zone, in ``language`` (a fixed number of queries)."""
    with translation.override(language):
        return _records(zone_id, language)


def _records(zone_id: int, language: str) -> Records:
    from kompas.reporting.services import FALLBACK

    texts = in_force(zone_id, language).texts
    kept = periods(zone_id)
    found = []
    for processing in PROCESSINGS:
        key = processing.key
        found.append(
            Record(
                processing=processing,
                purposes=texts[f"{key}.purposes"],
                legal_basis=texts[f"{key}.legal_basis"],
                recipients=texts[f"{key}.recipients"],
                tables=tables_of(key),
                readers=[(str(what), who.said()) for _name, what, who in readers_of(key)],
                routes=routes() if key in REPORT_PROCESSINGS else [],
                kept=kept[key],
            )
        )
    return Records(
        contacts=PrivacyContacts.current(zone_id),
        transfers=texts["common.transfers"],
        fallback=_roles(FALLBACK),
        records=found,
    )


def rows(found: Records) -> list[list[str]]:
    """The records as rows for a spreadsheet: processing, part, item, detail."""
    contacts = found.contacts
    dpo = ", ".join(
        part
        for part in (
            contacts.dpo_name,
            contacts.dpo_email,
            contacts.dpo_phone,
            contacts.dpo_address,
        )
        if part
    )
    out = [[_("Processing"), _("Part"), _("Item"), _("Detail")]]
    for record in found.records:
        title = str(record.processing.title)

        def add(part: str, item: str, detail: str = "", title: str = title) -> None:
            out.append([title, part, item, detail])

        add(_("Controller"), contacts.controller or _("not filled in yet"))
        add(_("Data protection officer"), dpo or _("not filled in yet"))
        add(_("Purposes"), record.purposes)
        add(_("Legal basis"), record.legal_basis)
        for people in record.processing.people:
            add(_("Categories of people"), str(people))
        for data in record.processing.data:
            add(_("Categories of data"), str(data))
        for table in record.tables:
            sealed = ", ".join(table.sealed)
            detail = ", ".join(table.fields)
            if sealed:
                detail += " | " + _("sealed: %(fields)s, with %(key)s") % {
                    "fields": sealed,
                    "key": table.sealed_with,
                }
            if table.files:
                detail += " | " + table.files
            add(_("Stored in"), f"{table.name} ({table.label})", detail)
        add(_("Recipients"), record.recipients)
        for what, who in record.readers:
            add(_("Who can read"), what, who)
        for route in record.routes:
            add(
                _("Routing"),
                route.kind,
                _("%(usual)s; may be shared with %(shared)s")
                % {
                    "usual": route.usual,
                    "shared": route.shared,
                },
            )
        add(_("Transfers outside the EEA"), found.transfers)
        for kept in record.kept:
            add(_("Retention"), kept.what, kept.period or _("no period is set"))
    return out
