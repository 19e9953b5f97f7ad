"""Who may do what, on which object: the one place where Kompas decides.

Views (``@permission_required`` or ``person.has_perm``), templates (``{% has_perm %}`` or
``perms.x.y``) and later the API all ask here. A permission that is not named below is refused:
deny by default. Predicates take the person asking and, for object permissions, the object; an
object of another zone is always refused.

Lists of objects are scoped separately by query-set methods (``Person.objects.managed_by(person)``),
which must agree with these rules.
"""

from __future__ import annotations

from typing import Any

import rules

from kompas.accounts.roles import Role


def has_role(*roles: str) -> rules.Predicate:
    names = "_or_".join(roles)

    @rules.predicate(name=f"has_role_{names}")
    def predicate(person: Any) -> bool:
        return bool(getattr(person, "is_authenticated", False) and person.has_any_role(*roles))

    return predicate


@rules.predicate
def is_member(person: Any) -> bool:
    return bool(getattr(person, "is_authenticated", False) and person.is_active)


@rules.predicate
def same_zone(person: Any, obj: Any) -> bool:
    """True without an object (a page-level check), else only for an object of the person's zone."""
    if obj is None:
        return True
    return getattr(obj, "zone_id", None) == person.zone_id


@rules.predicate
def is_self(person: Any, obj: Any) -> bool:
    return obj is not None and getattr(obj, "pk", None) == person.pk


is_hr = has_role(Role.HR)
is_admin = has_role(Role.ADMIN)
is_integrity_officer = has_role(Role.INTEGRITY_OFFICER)
# The data protection officer reads (the audit log, the records of processing, what the registers
# hold) and changes nothing: no rule below lets the role change anything or open a case.
is_dpo = has_role(Role.DPO)

# --- Organisation and people (accounts) -------------------------------------------------------
rules.add_perm("accounts.view_organisation", is_member)
rules.add_perm("accounts.view_person", is_member & same_zone)
rules.add_perm("accounts.manage_people", is_member & (is_hr | is_admin) & same_zone)
rules.add_perm("accounts.import_people", is_member & (is_hr | is_admin))
rules.add_perm("accounts.manage_roles", is_member & is_admin & same_zone & ~is_self)
rules.add_perm("accounts.reset_second_factor", is_member & is_admin & same_zone & ~is_self)
# API tokens of the zone (kompas.api): made and revoked by the functional administrator.
rules.add_perm("api.manage_tokens", is_member & is_admin & same_zone)
# Sign-in through the zone's provider (kompas.sso): its choices and group mappings.
rules.add_perm("sso.manage", is_member & is_admin)


# --- Reporting channel ------------------------------------------------------------------------
def _handler_roles() -> tuple[str, ...]:
    from kompas.reporting.keys import HANDLER_ROLES

    return tuple(HANDLER_ROLES)


@rules.predicate
def holds_grant(person: Any, report: Any) -> bool:
    if report is None:
        return False
    return bool(report.grants.filter(person=person, active=True).exists())


rules.add_perm("reporting.report", is_member)
rules.add_perm("reporting.handle_cases", is_member & has_role(*_handler_roles()))
rules.add_perm("reporting.handle_case", is_member & same_zone & holds_grant)
rules.add_perm("reporting.approve_reveals", is_member & is_integrity_officer)
# The well-being route sees the register's well-being lines only (reporting.register).
rules.add_perm(
    "reporting.view_register",
    is_member & (is_integrity_officer | has_role(Role.OVERSIGHT, Role.COUNSELLOR, Role.PAPS)),
)
rules.add_perm("reporting.record_oral", is_member & has_role(*_handler_roles()))
rules.add_perm("reporting.configure_channel", is_member & is_integrity_officer)

# --- Registers --------------------------------------------------------------------------------
rules.add_perm("registers.declare", is_member)
rules.add_perm("registers.view_overview", is_member & is_integrity_officer)
rules.add_perm("registers.view_yearly", is_member & has_role(Role.MTEAM, Role.CHIEF))
rules.add_perm("registers.configure", is_member & is_integrity_officer)

# --- The compass ------------------------------------------------------------------------------
FACILITATOR_ROLES = (
    Role.CHIEF,
    Role.MTEAM,
    Role.HEAD_OF_SERVICE,
    Role.COORDINATOR,
    Role.NETWORK,
    Role.INTEGRITY_OFFICER,
)


@rules.predicate
def is_facilitator_of(person: Any, session: Any) -> bool:
    return session is not None and session.facilitator_id == person.pk


is_reviewer = has_role(Role.NETWORK, Role.INTEGRITY_OFFICER)
rules.add_perm("compass.view", is_member)
rules.add_perm("compass.edit_values", is_member & is_integrity_officer)
rules.add_perm("compass.propose_dilemma", is_member)
rules.add_perm("compass.review_dilemmas", is_member & is_reviewer)
rules.add_perm("compass.review_dilemma", is_member & is_reviewer & same_zone)
rules.add_perm("compass.facilitate", is_member & has_role(*FACILITATOR_ROLES))
rules.add_perm("compass.run_session", is_member & same_zone & is_facilitator_of)
rules.add_perm(
    "compass.view_training_stats",
    is_member & (is_integrity_officer | has_role(Role.MTEAM, Role.CHIEF)),
)


# --- Integrity risks ------------------------------------------------------------------------------
@rules.predicate
def leads_service(person: Any, service: Any) -> bool:
    """A head of service for the service (or one above it); no service: only the officer."""
    if service is None:
        return False
    from kompas.registers.people import services_led_by

    return service.pk in services_led_by(person)


@rules.predicate
def leads_analysis(person: Any, analysis: Any) -> bool:
    if analysis is None:
        return False
    if analysis.led_by_id == person.pk:
        return True
    return analysis.service is not None and leads_service(person, analysis.service)


@rules.predicate
def owns_measure(person: Any, measure: Any) -> bool:
    return measure is not None and measure.owner_id == person.pk


is_mteam = has_role(Role.MTEAM, Role.CHIEF)
rules.add_perm(
    "risks.view",
    is_member
    & has_role(
        Role.HEAD_OF_SERVICE, Role.COORDINATOR, Role.MTEAM, Role.CHIEF, Role.INTEGRITY_OFFICER
    ),
)
rules.add_perm(
    "risks.start_analysis",
    is_member & same_zone & (is_integrity_officer | has_role(Role.HEAD_OF_SERVICE) & leads_service),
)
rules.add_perm(
    "risks.start_any_analysis", is_member & (is_integrity_officer | has_role(Role.HEAD_OF_SERVICE))
)
rules.add_perm(
    "risks.lead_analysis", is_member & same_zone & (is_integrity_officer | leads_analysis)
)
rules.add_perm("risks.weigh", is_member & is_mteam)
rules.add_perm("risks.configure", is_member & is_integrity_officer)
rules.add_perm(
    "risks.update_measure",
    is_member & same_zone & (is_mteam | owns_measure),
)


# --- The action plan, evaluation values, interview questions -----------------------------------
@rules.predicate
def responsible_for(person: Any, activity: Any) -> bool:
    return activity is not None and activity.responsible_people.filter(pk=person.pk).exists()


is_plan_editor = is_integrity_officer | is_mteam
rules.add_perm("plans.view", is_member)
rules.add_perm("plans.edit", is_member & is_plan_editor)
rules.add_perm("plans.note_progress", is_member & same_zone & (is_plan_editor | responsible_for))
rules.add_perm(
    "plans.set_evaluation_values",
    is_member & same_zone & (is_integrity_officer | has_role(Role.HEAD_OF_SERVICE) & leads_service),
)
rules.add_perm(
    "plans.view_questions",
    is_member
    & has_role(
        Role.HEAD_OF_SERVICE,
        Role.COORDINATOR,
        Role.MTEAM,
        Role.CHIEF,
        Role.HR,
        Role.INTEGRITY_OFFICER,
    ),
)
rules.add_perm("plans.edit_questions", is_member & (is_integrity_officer | is_hr))
rules.add_perm("insights.view_dashboard", is_member & (is_mteam | is_integrity_officer))

# --- Audit log --------------------------------------------------------------------------------
rules.add_perm("audit.view_log", is_member & (is_admin | is_integrity_officer | is_dpo))

# --- Privacy: notices, records of processing, the DPO's views ----------------------------------
# The notices themselves are public pages (no rule): anyone may read how their data is handled.
rules.add_perm("privacy.edit_texts", is_member & (is_integrity_officer | is_admin))
rules.add_perm("privacy.view_records", is_member & (is_dpo | is_integrity_officer | is_admin))
rules.add_perm("privacy.view_holdings", is_member & (is_dpo | is_integrity_officer))
# Retention periods (kompas.retention): the integrity officer sets them, the DPO reads them.
rules.add_perm("retention.view_settings", is_member & (is_integrity_officer | is_dpo))
rules.add_perm("retention.change_settings", is_member & is_integrity_officer)
# Data-subject requests: registered and answered by the DPO or the integrity officer; a request
# of another zone is not found (the views read through `DataSubjectRequest` of one's own zone).
rules.add_perm("privacy.handle_requests", is_member & (is_dpo | is_integrity_officer))
