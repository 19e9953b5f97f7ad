"""Import of people and services from the CSV file HR keeps.

The file has one line per person. Services are written as a path from the top of the zone, for
example ``Operaties > Interventie``; missing services are created. The direct leader is given by staff
number. A file with any bad line imports nothing: every error is reported with its line number, and
the import is one transaction.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kompas.accounts.models import Cadre, EmploymentStatus, Language, Person, Service
from kompas.accounts.roles import Role
from kompas.audit.services import DetailValue, record

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 100_000

# Accepted column names (Dutch as HR writes them, French, English) for each field.
COLUMNS: dict[str, tuple[str, ...]] = {
    "staff_number": ("stamnummer", "matricule", "staff_number"),
    "first_name": ("voornaam", "prénom", "prenom", "first_name"),
    "last_name": ("naam", "familienaam", "nom", "last_name"),
    "email": ("e-mail", "email", "e-mailadres", "courriel"),
    "service": ("dienst", "service"),
    "cadre": ("kader", "cadre"),
    "status": ("statuut", "statut", "status"),
    "leader": ("leidinggevende", "supérieur", "superieur", "leader"),
    "language": ("taal", "langue", "language"),
}
REQUIRED = ("staff_number", "first_name", "last_name", "email", "service", "cadre", "status")

CADRE_VALUES = {
    "operationeel": Cadre.OPERATIONAL,
    "operationeel kader": Cadre.OPERATIONAL,
    "opérationnel": Cadre.OPERATIONAL,
    "operationnel": Cadre.OPERATIONAL,
    "operational": Cadre.OPERATIONAL,
    "calog": Cadre.CALOG,
}
STATUS_VALUES = {
    "statutair": EmploymentStatus.STATUTORY,
    "statutaire": EmploymentStatus.STATUTORY,
    "statutory": EmploymentStatus.STATUTORY,
    "contractueel": EmploymentStatus.CONTRACTUAL,
    "contractuel": EmploymentStatus.CONTRACTUAL,
    "contractual": EmploymentStatus.CONTRACTUAL,
    "student": EmploymentStatus.STUDENT_INTERN,
    "jobstudent": EmploymentStatus.STUDENT_INTERN,
    "stagiair": EmploymentStatus.STUDENT_INTERN,
    "stagiaire": EmploymentStatus.STUDENT_INTERN,
    "étudiant": EmploymentStatus.STUDENT_INTERN,
    "intern": EmploymentStatus.STUDENT_INTERN,
    "student_intern": EmploymentStatus.STUDENT_INTERN,
}


@dataclass(frozen=True)
class LineError:
    line: int  # 0 for an error about the whole file
    message: str
    # The field at fault (a key of COLUMNS), for callers that name fields rather than columns
    # (the API, SCIM); empty for an error about the whole line or file.
    field: str = ""
    # Refused because another record holds the value (SCIM answers 409).
    conflict: bool = False


@dataclass
class ImportResult:
    errors: list[LineError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    services_created: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Row:
    line: int
    staff_number: str
    first_name: str
    last_name: str
    email: str
    service_path: tuple[str, ...]
    cadre: str
    status: str
    leader: str
    language: str


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="strict")


def _read_rows(data: bytes, result: ImportResult, bad_numbers: set[str]) -> list[_Row]:
    """The lines that parse; errors for the others, whose staff numbers go into ``bad_numbers``."""
    if len(data) > MAX_BYTES:
        result.errors.append(LineError(0, _("The file is larger than 5 MB.")))
        return []
    try:
        text = _decode(data)
    except UnicodeDecodeError:
        result.errors.append(LineError(0, _("The file is not a UTF-8 or Windows text file.")))
        return []
    if not text.strip():
        result.errors.append(LineError(0, _("The file is empty.")))
        return []
    first_line = text.splitlines()[0]
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [cell.strip().lower() for cell in next(reader)]
    except csv.Error:
        result.errors.append(LineError(1, _("The header line cannot be read.")))
        return []
    positions: dict[str, int] = {}
    for name, aliases in COLUMNS.items():
        for index, cell in enumerate(header):
            if cell in aliases:
                positions[name] = index
                break
    missing = [COLUMNS[name][0] for name in REQUIRED if name not in positions]
    if missing:
        result.errors.append(
            LineError(1, _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
        )
        return []

    rows: list[_Row] = []
    try:
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                result.errors.append(LineError(line, _("The file has too many lines.")))
                break
            rows_or_error = _parse(line, cells, positions)
            if isinstance(rows_or_error, LineError):
                result.errors.append(rows_or_error)
                index = positions["staff_number"]
                if index < len(cells) and cells[index].strip():
                    bad_numbers.add(cells[index].strip())
            else:
                rows.append(rows_or_error)
    except csv.Error as exc:
        result.errors.append(
            LineError(reader.line_num, _("The line cannot be read: %(error)s") % {"error": exc})
        )
    return rows


def _parse(
    line: int, cells: list[str], positions: dict[str, int], *, service_optional: bool = False
) -> _Row | LineError:
    def cell(name: str) -> str:
        index = positions.get(name)
        if index is None or index >= len(cells):
            return ""
        return cells[index].strip()

    for name in REQUIRED:
        if not cell(name) and not (name == "service" and service_optional):
            return LineError(
                line, _("The column %(column)s is empty.") % {"column": COLUMNS[name][0]}, name
            )
    email = cell("email").lower()
    try:
        validate_email(email)
    except ValidationError:
        return LineError(
            line, _("%(value)s is not a valid e-mail address.") % {"value": email}, "email"
        )
    cadre = CADRE_VALUES.get(cell("cadre").lower())
    if cadre is None:
        return LineError(
            line,
            _("Unknown cadre %(value)s: use operationeel or calog.") % {"value": cell("cadre")},
            "cadre",
        )
    status = STATUS_VALUES.get(cell("status").lower())
    if status is None:
        return LineError(
            line,
            _("Unknown status %(value)s: use statutair, contractueel or student.")
            % {"value": cell("status")},
            "status",
        )
    language = (cell("language") or "nl").lower()
    if language not in Language.values:
        return LineError(
            line,
            _("Unknown language %(value)s: use nl, fr or en.") % {"value": language},
            "language",
        )
    path: tuple[str, ...] = ()
    if cell("service"):
        path = tuple(part.strip() for part in cell("service").split(">"))
    if any(not part for part in path):
        return LineError(
            line,
            _("The service path %(value)s has an empty part.") % {"value": cell("service")},
            "service",
        )
    if any(len(part) > 200 for part in path):
        return LineError(line, _("A service name is longer than 200 characters."), "service")
    for name, limit in (("staff_number", 40), ("first_name", 100), ("last_name", 100)):
        if len(cell(name)) > limit:
            return LineError(
                line, _("The column %(column)s is too long.") % {"column": COLUMNS[name][0]}, name
            )
    return _Row(
        line=line,
        staff_number=cell("staff_number"),
        first_name=cell("first_name"),
        last_name=cell("last_name"),
        email=email,
        service_path=path,
        cadre=cadre,
        status=status,
        leader=cell("leader"),
        language=language,
    )


def _check_rows(
    rows: list[_Row], zone_id: int, result: ImportResult, bad_numbers: set[str]
) -> None:
    """Rules across lines and against the zone: unique numbers and addresses, leaders, circles."""
    by_number: dict[str, _Row] = {}
    by_email: dict[str, _Row] = {}
    for row in rows:
        if row.staff_number in by_number:
            result.errors.append(
                LineError(
                    row.line,
                    _("Staff number %(number)s also stands on line %(other)s.")
                    % {"number": row.staff_number, "other": by_number[row.staff_number].line},
                    "staff_number",
                )
            )
        by_number.setdefault(row.staff_number, row)
        if row.email in by_email:
            result.errors.append(
                LineError(
                    row.line,
                    _("E-mail address %(email)s also stands on line %(other)s.")
                    % {"email": row.email, "other": by_email[row.email].line},
                    "email",
                )
            )
        by_email.setdefault(row.email, row)

    existing = dict(Person.objects.filter(zone_id=zone_id).values_list("staff_number", "leader_id"))
    existing_ids = dict(Person.objects.filter(zone_id=zone_id).values_list("pk", "staff_number"))
    taken = dict(
        Person.objects.filter(email__in=list(by_email)).values_list("email", "staff_number")
    )
    taken_zone = dict(
        Person.objects.filter(email__in=list(by_email)).values_list("email", "zone_id")
    )
    # A person who left and was pseudonymised is changed by nobody (kompas.accounts.retention).
    pseudonymised = set(
        Person.objects.filter(
            zone_id=zone_id, staff_number__in=list(by_number), pseudonymised_on__isnull=False
        ).values_list("staff_number", flat=True)
    )
    for row in rows:
        if row.staff_number in pseudonymised:
            result.errors.append(
                LineError(
                    row.line,
                    _("Staff number %(number)s is a person who left and was pseudonymised.")
                    % {"number": row.staff_number},
                    "staff_number",
                )
            )
        owner = taken.get(row.email)
        if owner is not None and (owner != row.staff_number or taken_zone[row.email] != zone_id):
            result.errors.append(
                LineError(
                    row.line,
                    _("E-mail address %(email)s belongs to someone else already.")
                    % {"email": row.email},
                    "email",
                    conflict=True,
                )
            )
        if row.leader:
            if row.leader == row.staff_number:
                result.errors.append(
                    LineError(row.line, _("A person cannot lead themselves."), "leader")
                )
            elif (
                row.leader not in by_number
                and row.leader not in existing
                and row.leader not in bad_numbers
            ):
                result.errors.append(
                    LineError(
                        row.line,
                        _("Leader %(number)s is neither in the file nor in the zone.")
                        % {"number": row.leader},
                        "leader",
                    )
                )

    # The leaders after the import: the file's, else what the zone has now.
    leader_of: dict[str, str] = {
        number: existing_ids.get(leader_id, "") if leader_id else ""
        for number, leader_id in existing.items()
    }
    for row in rows:
        leader_of[row.staff_number] = row.leader
    for row in rows:
        seen = {row.staff_number}
        node = leader_of.get(row.staff_number, "")
        while node:
            if node in seen:
                result.errors.append(
                    LineError(
                        row.line,
                        _("The leaders of %(number)s form a circle.")
                        % {"number": row.staff_number},
                        "leader",
                    )
                )
                break
            seen.add(node)
            node = leader_of.get(node, "")


def import_people(*, by: Person, data: bytes) -> ImportResult:
    """Check the whole file, then import all of it or nothing."""
    if not by.has_perm("accounts.import_people"):
        raise PermissionDenied
    result = ImportResult()
    bad_numbers: set[str] = set()
    rows = _read_rows(data, result, bad_numbers)
    if not result.errors and not rows:
        result.errors.append(LineError(0, _("The file holds no people.")))
    if any(error.line <= 1 for error in result.errors):
        return result  # the file as a whole is unreadable
    _check_rows(rows, by.zone_id, result, bad_numbers)
    if result.errors:
        result.errors.sort(key=lambda error: error.line)
        return result
    with transaction.atomic():
        _write(rows, by.zone_id, result)
        role = Role.HR if by.has_role(Role.HR) else Role.ADMIN
        _record_import(result, zone_id=by.zone_id, actor=by, role=role)
    return result


def import_records(
    *,
    zone_id: int,
    records: Sequence[Mapping[str, str | tuple[str, ...]]],
    role: str,
    actor: Person | None = None,
    detail: dict[str, DetailValue] | None = None,
    service_optional: bool = False,
) -> ImportResult:
    """People given field by field (the API, SCIM) instead of as a file: each record holds the
    fields of `COLUMNS` by their names, a service path written "A > B". The same checks as a
    file, line numbers counting the records from 1; all or nothing; the same audit event as a
    file (who, under which role, and ``detail`` added to its counts). The caller checks that it
    may. A service may also be given as a tuple of names (SCIM: a name may hold ">"). With
    ``service_optional`` (SCIM, where a person's service is the group they are a member of) an
    empty service means none."""
    result = ImportResult()
    bad_numbers: set[str] = set()
    positions = {name: index for index, name in enumerate(COLUMNS)}
    rows: list[_Row] = []
    for line, fields in enumerate(records, start=1):
        service = fields.get("service", "")
        names = service if isinstance(service, tuple) else None
        given = {**fields, "service": ("-" if names else "") if names is not None else service}
        cells = [str(given.get(name, "") or "") for name in COLUMNS]
        parsed = _parse(line, cells, positions, service_optional=service_optional)
        if not isinstance(parsed, LineError) and names:
            parsed.service_path = tuple(name.strip() for name in names)
            if any(not name or len(name) > 200 for name in parsed.service_path):
                parsed = LineError(line, _("A service name is empty or too long."), "service")
        if isinstance(parsed, LineError):
            result.errors.append(parsed)
            bad_numbers.add(str(fields.get("staff_number", "")).strip())
        else:
            rows.append(parsed)
    _check_rows(rows, zone_id, result, bad_numbers)
    if result.errors:
        result.errors.sort(key=lambda error: error.line)
        return result
    with transaction.atomic():
        _write(rows, zone_id, result)
        _record_import(result, zone_id=zone_id, actor=actor, role=role, detail=detail)
    return result


@transaction.atomic
def add_services(
    *,
    zone_id: int,
    paths: Sequence[Sequence[str]],
    role: str,
    actor: Person | None = None,
    detail: dict[str, DetailValue] | None = None,
) -> int:
    """The services of each path ("Operaties", "Interventie"), created where missing as an
    import creates them; audited when any is created. Returns how many were created."""
    result = ImportResult()
    tree = _ServiceTree(zone_id, result)
    for path in paths:
        tree.service_for(tuple(name.strip() for name in path))
    if result.services_created:
        record(
            "accounts.services_imported",
            actor=actor,
            role=role,
            object_type="accounts.service",
            zone_id=zone_id,
            detail={"services_created": result.services_created, **(detail or {})},
        )
    return result.services_created


def _record_import(
    result: ImportResult,
    *,
    zone_id: int,
    actor: Person | None,
    role: str,
    detail: dict[str, DetailValue] | None = None,
) -> None:
    record(
        "accounts.people_imported",
        actor=actor,
        role=role,
        object_type="accounts.person",
        zone_id=zone_id,
        detail={**_counts(result), **(detail or {})},
    )


def _counts(result: ImportResult) -> dict[str, DetailValue]:
    return {
        "created": result.created,
        "updated": result.updated,
        "services_created": result.services_created,
    }


class _ServiceTree:
    """The zone's services by parent and name (whatever the capitals), creating what a path
    lacks, with a code made from the path."""

    def __init__(self, zone_id: int, result: ImportResult) -> None:
        self.zone_id, self.result = zone_id, result
        self.services = {
            (s.parent_id, s.name.casefold()): s for s in Service.objects.filter(zone_id=zone_id)
        }
        self.codes = set(Service.objects.filter(zone_id=zone_id).values_list("code", flat=True))

    def service_for(self, path: tuple[str, ...]) -> Service:
        parent: Service | None = None
        for depth, name in enumerate(path):
            key = (parent.pk if parent else None, name.casefold())
            found = self.services.get(key)
            if found is None:
                base = slugify("-".join(path[: depth + 1]))[:70] or "service"
                code, n = base, 1
                while code in self.codes:
                    n += 1
                    code = f"{base}-{n}"
                self.codes.add(code)
                found = Service.objects.create(
                    zone_id=self.zone_id, parent=parent, name=name, code=code
                )
                self.services[key] = found
                self.result.services_created += 1
            parent = found
        assert parent is not None
        return parent


def _write(rows: list[_Row], zone_id: int, result: ImportResult) -> None:
    service_for = _ServiceTree(zone_id, result).service_for
    found = Person.objects.filter(zone_id=zone_id)
    numbers = {row.staff_number for row in rows} | {row.leader for row in rows if row.leader}
    if len(numbers) <= 1000:  # a few people (the API, SCIM): only them and their leaders
        found = found.filter(staff_number__in=numbers)
    people = {p.staff_number: p for p in found}
    moved: list[tuple[Person, int]] = []
    for row in rows:
        person = people.get(row.staff_number)
        if person is None:
            person = Person(zone_id=zone_id, staff_number=row.staff_number)
            person.set_unusable_password()
            result.created += 1
        else:
            result.updated += 1
        person.first_name = row.first_name
        person.last_name = row.last_name
        person.email = row.email
        person.cadre = row.cadre
        person.status = row.status
        person.language = row.language
        old_service_id = person.service_id
        person.service = service_for(row.service_path) if row.service_path else None
        person.save()
        if person.pk and old_service_id and old_service_id != person.service_id:
            moved.append((person, old_service_id))
        people[row.staff_number] = person
    for row in rows:
        person = people[row.staff_number]
        leader = people[row.leader] if row.leader else None
        if person.leader_id != (leader.pk if leader else None):
            person.leader = leader
            person.save(update_fields=["leader"])
    from kompas.registers.configuration import ask_renewal_after_move

    for person, old_service_id in moved:
        ask_renewal_after_move(person=person, old_service_id=old_service_id)
