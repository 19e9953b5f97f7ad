"""The zone, its services and its people, and the roles people hold."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Lower, Upper
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from kompas.accounts.roles import SENSITIVE_ROLES, SERVICE_ROLES, Role
from kompas.lib.models import ChoiceLabels
from kompas.lib.prepared import OneByKey, Prepared


class Zone(models.Model):
    """A police zone (or another public body): the boundary of every piece of data in Kompas."""

    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(_("code"), max_length=50, unique=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("zone")

    def __str__(self) -> str:
        return self.name


class ServiceQuerySet(models.QuerySet["Service"]):
    def visible_to(self, person: Person) -> ServiceQuerySet:
        """Every member of a zone may see how the zone is organised, and only their own zone."""
        return self.filter(zone_id=person.zone_id)


class Service(models.Model):
    """A service (dienst) of the zone; services form a tree through ``parent``."""

    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="services")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(_("code"), max_length=80)
    # Integrity-sensitive functions in this service (informant handling, purchasing, ...), set by
    # the integrity officer; a member who moves here is asked to renew their side activities.
    sensitive_functions = models.CharField(
        _("integrity-sensitive functions"), max_length=300, blank=True
    )

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "code"], name="service_code_unique_in_zone"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id is not None:
            if self.parent is not None and self.parent.zone_id != self.zone_id:
                raise ValidationError({"parent": _("A service belongs to the zone of its parent.")})
            node: Service | None = self.parent
            for _step in range(1000):
                if node is None:
                    break
                if node.pk == self.pk and self.pk is not None:
                    raise ValidationError({"parent": _("A service cannot lie under itself.")})
                node = node.parent
            else:
                raise ValidationError({"parent": _("The service tree is too deep.")})

    def path(self, services: dict[int, Service] | None = None) -> list[Service]:
        """This service and its parents, top first. Pass all the zone's services to avoid queries."""
        chain: list[Service] = []
        node: Service | None = self
        seen: set[int] = set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            chain.append(node)
            if node.parent_id is None:
                break
            node = services[node.parent_id] if services is not None else node.parent
        return list(reversed(chain))


class PersonQuerySet(models.QuerySet["Person"]):
    def visible_to(self, person: Person) -> PersonQuerySet:
        """The people one may look up: names and services of one's own zone."""
        if not person.is_authenticated or not person.is_active:
            return self.none()
        return self.filter(zone_id=person.zone_id)

    def managed_by(self, person: Person) -> PersonQuerySet:
        """The people whose records one may manage: the whole zone for HR and the administrator."""
        if person.manages_people():
            return self.filter(zone_id=person.zone_id)
        return self.none()


class PersonManager(BaseUserManager["Person"]):
    def get_queryset(self) -> PersonQuerySet:
        return PersonQuerySet(self.model, using=self._db)

    def visible_to(self, person: Person) -> PersonQuerySet:
        return self.get_queryset().visible_to(person)

    def managed_by(self, person: Person) -> PersonQuerySet:
        return self.get_queryset().managed_by(person)

    def get_by_natural_key(self, username: str | None) -> Person:
        return self.get(email__iexact=(username or "").strip())


class Cadre(models.TextChoices):
    OPERATIONAL = "operational", _("Operational cadre")
    CALOG = "calog", _("CALog cadre")


class EmploymentStatus(models.TextChoices):
    STATUTORY = "statutory", _("Statutory")
    CONTRACTUAL = "contractual", _("Contractual")
    STUDENT_INTERN = "student_intern", _("Student or intern")


class Language(models.TextChoices):
    NL = "nl", "Nederlands"
    FR = "fr", "Français"
    EN = "en", "English"


# Between the fields of `Person.search_text`. Python's str.split() takes it for white space, so no
# word of a search holds it.
SEPARATOR = "\x1f"


class Person(ChoiceLabels, AbstractBaseUser):
    """A member of staff of a zone, who signs in with their e-mail address."""

    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="people")
    email = models.EmailField(_("e-mail address"), unique=True)
    staff_number = models.CharField(_("staff number"), max_length=40)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    cadre = models.CharField(_("cadre"), max_length=20, choices=Cadre.choices)
    status = models.CharField(_("status"), max_length=20, choices=EmploymentStatus.choices)
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("service"),
    )
    leader = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports_to_me",
        verbose_name=_("direct leader"),
    )
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.NL
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # The day the person was deactivated (left the zone); emptied if they come back. After the
    # zone's period they are pseudonymised (`kompas.accounts.retention`).
    left_on = models.DateField(_("left on"), null=True, blank=True)
    pseudonymised_on = models.DateField(_("pseudonymised on"), null=True, blank=True)
    # Raising this ends every session of the person (see _get_session_auth_hash).
    session_epoch = models.PositiveIntegerField(default=0)
    # Kept by the database for people search (`kompas.accounts.search`): what a search looks in,
    # in capitals, the fields apart (a word of a search, which holds no SEPARATOR, cannot match
    # across two); and the list's order, by name whatever its case. Stored, so that a search
    # neither upper-cases three fields of every person it checks nor lower-cases two of every
    # person it sorts (docs/performance.md, session 21).
    search_text = models.GeneratedField(
        expression=Upper(
            Concat(
                "first_name",
                Value(SEPARATOR),
                "last_name",
                Value(SEPARATOR),
                "email",
                output_field=models.TextField(),
            )
        ),
        output_field=models.TextField(),
        db_persist=True,
    )
    last_name_key = models.GeneratedField(
        expression=Lower("last_name"),
        output_field=models.CharField(max_length=100),
        db_persist=True,
    )
    first_name_key = models.GeneratedField(
        expression=Lower("first_name"),
        output_field=models.CharField(max_length=100),
        db_persist=True,
    )

    objects = PersonManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "staff_number"], name="person_staff_number_unique_in_zone"
            ),
        ]
        indexes = [
            # The people list, by name.
            models.Index(fields=["zone", "last_name", "first_name"], name="person_by_name"),
            # Head counts per service read this index only (the organisation page).
            models.Index(
                fields=["zone", "service"],
                condition=Q(is_active=True),
                name="person_active_service",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_pseudonymised(self) -> bool:
        """A person who left and whose name, addresses and sign-in are gone for good; their
        record only keeps the organisation's history (who led whom) and their declarations.
        Nobody edits it any more."""
        return self.pseudonymised_on is not None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """Sessions stay valid while the password and the session epoch stay the same."""
        return salted_hmac(
            "kompas.accounts.Person.session",
            f"{self.password}|{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def end_sessions(self) -> None:
        """Sign the person out everywhere (on deactivation, a 2FA reset or a change of roles)."""
        self.session_epoch = models.F("session_epoch") + 1
        self.save(update_fields=["session_epoch"])
        self.refresh_from_db(fields=["session_epoch"])

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.first_name

    def clean(self) -> None:
        super().clean()
        self.email = (self.email or "").strip().lower()
        if self.service_id and self.service is not None and self.service.zone_id != self.zone_id:
            raise ValidationError({"service": _("The service belongs to another zone.")})
        if self.leader_id is not None and self.leader is not None:
            if self.leader.zone_id != self.zone_id:
                raise ValidationError({"leader": _("The leader belongs to another zone.")})
            check_no_leader_cycle(self.pk, self.leader)

    # --- Roles -------------------------------------------------------------------------------

    @cached_property
    def role_assignments(self) -> list[RoleAssignment]:
        return ROLES_OF(person_id=self.pk) if self.pk else []

    @cached_property
    def organisation_stamp(self) -> int:
        """The stamp of the zone's organisation (`kompas.accounts.organisation`), read once per
        request, when a page first asks for what is kept under it."""
        from kompas.accounts.organisation import stamp_of

        return stamp_of(self.zone_id)

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(assignment.role for assignment in self.role_assignments)

    def has_role(self, role: str, service: Service | None = None) -> bool:
        return any(
            a.role == role and (service is None or a.service_id == service.pk)
            for a in self.role_assignments
        )

    def has_any_role(self, *roles: str) -> bool:
        return not self.roles.isdisjoint(roles)

    def manages_people(self) -> bool:
        """HR and the administrator manage the records of the whole zone (`managed_by`)."""
        return bool(self.is_active and self.has_any_role(Role.HR, Role.ADMIN))

    @property
    def needs_second_factor(self) -> bool:
        """Holders of a role that sees reports, cases or people data must use 2FA."""
        return not self.roles.isdisjoint(SENSITIVE_ROLES)

    def led_services(self) -> list[int]:
        return [a.service_id for a in self.role_assignments if a.service_id is not None]

    def is_verified(self) -> bool:
        """Replaced per request by django-otp's middleware; unverified wherever it did not run."""
        return False

    # --- Permissions (decided in kompas.permissions, deny by default) ----------------------------

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        import rules

        return bool(self.is_active and rules.has_perm(perm, self, obj))

    def has_perms(self, perm_list: Iterable[str], obj: Any = None) -> bool:
        return all(self.has_perm(perm, obj) for perm in perm_list)

    def has_module_perms(self, app_label: str) -> bool:
        return False

    # --- Chain of command --------------------------------------------------------------------

    def chain_of_command(self) -> list[Person]:
        """The leaders above this person, nearest first, without duplicates and never the person.

        First the line of direct leaders (leader, their leader, ...), then the heads of the person's
        service and of each service above it, then the chief of police. Later features route reports
        around these people when a reporter says their own leaders are involved.
        """
        # Who, in order, in one query however deep (the line of leaders, the heads of each
        # service upward, the chiefs), then those people in a second.
        rows = _chain_rows(self)
        people = Person.objects.in_bulk({person_id for _part, _depth, person_id, _s in rows})
        chain: list[Person] = []
        seen: set[int] = {self.pk}
        services_seen: dict[int | None, int] = {}
        line_open = True
        services_open = True
        for part, depth, person_id, service_id in rows:
            if part == _LINE:
                # The line ends at the person, at a circle in the data or at a gap.
                line_open = line_open and person_id not in seen and person_id in people
                if line_open:
                    chain.append(people[person_id])
                    seen.add(person_id)
                continue
            if part == _HEADS:
                # Services upward end where a circle closes (a service met at another depth).
                first_depth = services_seen.setdefault(service_id, depth)
                services_open = services_open and first_depth == depth
                if not services_open:
                    continue
            if person_id not in seen and person_id in people:
                chain.append(people[person_id])
                seen.add(person_id)
        return chain


_LINE, _HEADS, _CHIEFS = 0, 1, 2


def _chain_rows(person: Person) -> list[tuple[int, int, int, int | None]]:
    """(part, depth, person id, service id) of a person's chain of command, in chain order: the
    leaders upward, the active heads of the person's service and of each above it, the active
    chiefs of the zone. At most 50 steps up each way."""
    q = connection.ops.quote_name
    persons, services = q(Person._meta.db_table), q(Service._meta.db_table)
    roles = q(RoleAssignment._meta.db_table)
    # Names come from the models, never from input; every value is a parameter.
    sql = (
        "WITH RECURSIVE line(id, parent, depth) AS ("  # noqa: S608  # nosec B608
        f" SELECT id, leader_id, 0 FROM {persons} WHERE id = %s"
        f" UNION ALL SELECT t.id, t.leader_id, line.depth + 1 FROM {persons} t"
        " JOIN line ON t.id = line.parent WHERE line.depth < 50),"
        " above(id, parent, depth) AS ("
        f" SELECT id, parent_id, 0 FROM {services} WHERE id = %s"
        f" UNION ALL SELECT t.id, t.parent_id, above.depth + 1 FROM {services} t"
        " JOIN above ON t.id = above.parent WHERE above.depth < 50)"
        " SELECT %s, depth, id, NULL FROM line"
        " UNION ALL"
        f" SELECT %s, above.depth, r.person_id, above.id FROM above JOIN {roles} r"
        f" ON r.service_id = above.id AND r.role = %s JOIN {persons} p"
        " ON p.id = r.person_id AND p.is_active"
        " UNION ALL"
        f" SELECT %s, 0, p.id, NULL FROM {persons} p JOIN {roles} r"
        " ON r.person_id = p.id AND r.role = %s WHERE p.zone_id = %s AND p.is_active"
        " ORDER BY 1, 2, 3"
    )
    params = [
        person.leader_id,
        person.service_id,
        _LINE,
        _HEADS,
        Role.HEAD_OF_SERVICE.value,
        _CHIEFS,
        Role.CHIEF.value,
        person.zone_id,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]


def check_no_leader_cycle(person_pk: int | None, leader: Person) -> None:
    """Refuse a direct leader who is the person, or who (indirectly) reports to the person."""
    node: Person | None = leader
    steps = 0
    while node is not None:
        if person_pk is not None and node.pk == person_pk:
            raise ValidationError(
                {"leader": _("A person cannot lead themselves, even indirectly.")}
            )
        steps += 1
        if steps > 1000:
            raise ValidationError({"leader": _("The line of leaders is too long.")})
        node = node.leader


class RoleAssignment(ChoiceLabels, models.Model):
    """One role held by one person; heads of service and coordinators hold it for one service."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles_held")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, related_name="role_assignments"
    )
    granted_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("role assignment")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "role"],
                condition=Q(service__isnull=True),
                name="role_once_per_person",
            ),
            models.UniqueConstraint(
                fields=["person", "role", "service"],
                condition=Q(service__isnull=False),
                name="service_role_once_per_person_and_service",
            ),
        ]

    def __str__(self) -> str:
        label = str(Role(self.role).label)
        return f"{label} ({self.service})" if self.service_id else label

    def clean(self) -> None:
        if self.role in SERVICE_ROLES and self.service_id is None:
            raise ValidationError({"service": _("This role is held for a service.")})
        if self.role not in SERVICE_ROLES and self.service_id is not None:
            raise ValidationError({"service": _("This role is not held for a service.")})


# Read on every page of everyone signed in, through SQL that Django compiles once
# (`kompas.lib.prepared`): the person of the session (`backends.signed_in`) and their roles.
PERSON_BY_KEY: OneByKey[Person] = OneByKey(Person, lambda: Person.objects.all())
ROLES_OF: Prepared[RoleAssignment] = Prepared(
    lambda person_id: RoleAssignment.objects.filter(person_id=person_id)
)


class OrganisationStamp(models.Model):
    """A value that changes whenever a zone's organisation changes: a service added, moved,
    renamed or removed, a role granted or revoked, a person added, removed, moved to another
    service or leader or (de)activated. Database triggers change it in the same statement
    (migration 0006), so bulk imports and any other path are covered; what is worked out from
    the organisation can be kept per stamp (`kompas.accounts.organisation`). A zone without a
    row has stamp 0. A new stamp is random, never a count: a rolled-back change or a restored
    database cannot bring back a stamp that was kept for another organisation."""

    zone_id = models.BigIntegerField(primary_key=True)
    stamp = models.BigIntegerField()

    class Meta:
        verbose_name = _("organisation stamp")

    def __str__(self) -> str:
        return f"{self.zone_id}: {self.stamp}"
