"""What waits for a leader in the registers: one query set each, read by the lists that show
them (the pending gifts page, the leader's registers page) and counted on the home page, so
that a count and its list always agree."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from kompas.accounts.models import Person
from kompas.accounts.roles import Role
from kompas.registers.models import (
    ConflictSignal,
    ConflictStatus,
    GiftDeclaration,
    GiftStatus,
    SideActivity,
    SideActivityRules,
    SideActivityStatus,
)
from kompas.registers.people import Deciders


def gifts_to_decide(person: Person) -> QuerySet[GiftDeclaration]:
    """The declarations waiting for this person's decision, oldest first: which members they
    decide for is asked of the database, so none is missed however many are pending."""
    if not person.has_any_role(Role.HEAD_OF_SERVICE, Role.CHIEF):
        return GiftDeclaration.objects.none()  # only heads of service and the chief decide
    return (
        GiftDeclaration.objects.filter(zone_id=person.zone_id, status=GiftStatus.PENDING)
        .filter(Deciders.kept_for(person).decided_by(person))
        .select_related("person")
        .order_by("declared_on", "pk")
    )


def side_activities_to_decide(person: Person, rules: Any = None) -> QuerySet[SideActivity]:
    """The side activities waiting for this person's decision as the competent authority
    (the zone's rules: a cadre's, or the mayor's or police college's for the chief of police),
    oldest first."""
    from kompas.registers import services

    rules = rules if rules is not None else SideActivityRules.current(person.zone_id)
    if not services.decides_side_activities(person, rules):
        return SideActivity.objects.none()
    authorities = services.SideAuthorities(person.zone_id, deciders=Deciders.kept_for(person))
    return (
        SideActivity.objects.filter(zone_id=person.zone_id, status=SideActivityStatus.PENDING)
        .filter(authorities.decided_by(person))
        .select_related("person")
        .order_by("declared_on", "pk")
    )


def signals_to_measure(person: Person) -> QuerySet[ConflictSignal]:
    """The conflict-of-interest signals sent to this person as the member's leader that still
    wait for a measure."""
    return ConflictSignal.objects.filter(
        zone_id=person.zone_id, leader=person, status=ConflictStatus.OPEN
    ).select_related("person")
