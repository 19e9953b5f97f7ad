"""Who can read what: worked out from the permission rules in code (`kompas.permissions`), never
from a list kept by hand.

Each rule of `rules` carries its expression as its name ("(is_member & has_role_hr) &
same_zone"). `rule_of` reads it back into a small tree, `who_may` asks the tree for every role
and for a member without a role, with what the rule asks of the object (a grant on the case,
the service one heads) as conditions. A test checks the tree against the rules themselves, so
that the records of processing say what the code does.

`READS` says which processing's personal data each permission lets its holder read, with the
rule as it stood when that was last checked: a test fails when a permission is added, removed or
its rule changes until `READS` is looked at again (the records of processing must follow).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import product
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kompas.accounts.roles import Role

# Atoms that say something about the person alone.
MEMBER = "is_member"
ROLE_PREFIX = "has_role_"
# Atoms about the object: the condition under which a role may, as a reader would say it
# (None: always true for an object of the own zone, which every rule asks).
OBJECT_ATOMS: dict[str, tuple[Promise | None, Promise | None]] = {
    # atom: (said when the atom must hold, said when it must not)
    "same_zone": (None, None),
    "holds_grant": (_("only the cases routed or shared to them"), None),
    "is_self": (_("only about themselves"), _("not about themselves")),
    "is_facilitator_of": (_("only the sessions they lead"), None),
    "leads_service": (_("only for the services they head"), None),
    "leads_analysis": (_("only the analyses they lead or of the services they head"), None),
    "owns_measure": (_("only the measures they own"), None),
    "responsible_for": (_("only the activities they are responsible for"), None),
}
NO_ROLE = "member"


@dataclass(frozen=True)
class Node:
    """One part of a rule: an atom (``op`` "atom", ``name``; a role atom holds ``roles``), or
    ``&``, ``|`` or ``~`` over ``parts``."""

    op: str
    name: str = ""
    roles: frozenset[str] = frozenset()
    parts: tuple[Node, ...] = ()

    def holds(self, roles: frozenset[str], objects: dict[str, bool]) -> bool:
        if self.op == "atom":
            if self.name == MEMBER:
                return True
            if self.roles:
                return not self.roles.isdisjoint(roles)
            return objects[self.name]
        if self.op == "~":
            return not self.parts[0].holds(roles, objects)
        results = (part.holds(roles, objects) for part in self.parts)
        return all(results) if self.op == "&" else any(results)

    def atoms(self) -> set[str]:
        if self.op == "atom":
            return set() if self.roles or self.name == MEMBER else {self.name}
        return set().union(*(part.atoms() for part in self.parts))

    def __str__(self) -> str:
        if self.op == "atom":
            return ROLE_PREFIX + "_or_".join(sorted(self.roles)) if self.roles else self.name
        if self.op == "~":
            return f"~{self.parts[0]}"
        return "(" + f" {self.op} ".join(str(part) for part in self.parts) + ")"


class UnknownRule(ValueError):
    """A rule with an atom this module cannot say in words: `OBJECT_ATOMS` must learn it."""


_TOKEN = re.compile(r"\s*(?:([A-Za-z_][A-Za-z0-9_]*)|([&|~()]))")


def rule_of(permission: str) -> Node:
    """The rule of ``permission`` as a tree (its predicate's name, read back)."""
    from rules.permissions import permissions

    import kompas.permissions  # noqa: F401  (the rules are added when it is imported)

    return parse(permissions[permission].name)


def parse(text: str) -> Node:
    tokens: list[str] = []
    position = 0
    while position < len(text.rstrip()):
        found = _TOKEN.match(text, position)
        if found is None:
            raise UnknownRule(text)
        tokens.append(found.group(1) or found.group(2))
        position = found.end()
    node, rest = _either(tokens)
    if rest:
        raise UnknownRule(text)
    return node


def _either(tokens: list[str]) -> tuple[Node, list[str]]:
    node, tokens = _both(tokens)
    parts = [node]
    while tokens[:1] == ["|"]:
        node, tokens = _both(tokens[1:])
        parts.append(node)
    return (parts[0] if len(parts) == 1 else Node("|", parts=_flat("|", parts))), tokens


def _both(tokens: list[str]) -> tuple[Node, list[str]]:
    node, tokens = _single(tokens)
    parts = [node]
    while tokens[:1] == ["&"]:
        node, tokens = _single(tokens[1:])
        parts.append(node)
    return (parts[0] if len(parts) == 1 else Node("&", parts=_flat("&", parts))), tokens


def _flat(op: str, parts: list[Node]) -> tuple[Node, ...]:
    """``(a & b) & c`` as ``a & b & c``: the same rule, written once whatever the grouping."""
    flat: list[Node] = []
    for part in parts:
        flat.extend(part.parts if part.op == op else (part,))
    return tuple(flat)


def _single(tokens: list[str]) -> tuple[Node, list[str]]:
    if not tokens:
        raise UnknownRule("an incomplete rule")
    head, rest = tokens[0], tokens[1:]
    if head == "~":
        node, rest = _single(rest)
        return Node("~", parts=(node,)), rest
    if head == "(":
        node, rest = _either(rest)
        if rest[:1] != [")"]:
            raise UnknownRule("an unclosed bracket")
        return node, rest[1:]
    if head.startswith(ROLE_PREFIX):
        roles = frozenset(head[len(ROLE_PREFIX) :].split("_or_"))
        if not roles <= set(Role.values):
            raise UnknownRule(head)
        return Node("atom", name=head, roles=roles), rest
    if head != MEMBER and head not in OBJECT_ATOMS:
        raise UnknownRule(head)
    return Node("atom", name=head), rest


@dataclass(frozen=True)
class Readers:
    """Who a permission lets in: roles always (within their zone), and roles under a condition
    on the object (the case they hold, the service they head), as the rule says."""

    everyone: bool
    always: tuple[str, ...]
    conditional: tuple[tuple[tuple[Promise, ...], tuple[str, ...]], ...]
    # A rule this module cannot read (a test fails on it first): the page says so, never guesses.
    unreadable: bool = False

    def labels(self, roles: tuple[str, ...]) -> list[str]:
        names = dict(Role.choices)
        return [str(_("every member of staff")) if r == NO_ROLE else str(names[r]) for r in roles]

    def said(self) -> str:
        """In one line, for a page or an export: "Integrity officer; Head of service: only for
        the services they head"."""
        if self.unreadable:
            return str(_("a rule Kompas cannot put in words: see kompas/permissions.py"))
        if self.everyone:
            return str(_("every member of staff"))
        parts = []
        if self.always:
            parts.append(", ".join(self.labels(self.always)))
        for conditions, roles in self.conditional:
            said = ", ".join(str(c) for c in conditions)
            parts.append(f"{', '.join(self.labels(roles))}: {said}")
        return "; ".join(parts) or str(_("nobody"))


ACTORS: tuple[str, ...] = (*Role.values, NO_ROLE)


def who_may(permission: str) -> Readers:
    """Every role (and a member without one) that the rule of ``permission`` lets in, always or
    only under conditions on the object."""
    try:
        rule = rule_of(permission)
    except UnknownRule:
        return Readers(everyone=False, always=(), conditional=(), unreadable=True)
    atoms = sorted(rule.atoms())
    always: list[str] = []
    conditional: dict[tuple[Promise, ...], list[str]] = {}
    for actor in ACTORS:
        roles = frozenset() if actor == NO_ROLE else frozenset({actor})
        outcomes = {
            values: rule.holds(roles, dict(zip(atoms, values, strict=True)))
            for values in product((False, True), repeat=len(atoms))
        }
        if not any(outcomes.values()):
            continue
        if all(outcomes.values()) or _only_own_zone_matters(rule, roles, atoms):
            always.append(actor)
            continue
        conditional.setdefault(_conditions(rule, roles, atoms), []).append(actor)
    everyone = NO_ROLE in always
    return Readers(
        everyone=everyone,
        always=() if everyone else tuple(always),
        # A member without a role under a condition: so is every role under it.
        conditional=tuple(
            (c, (NO_ROLE,) if NO_ROLE in r else tuple(r)) for c, r in conditional.items()
        ),
    )


def _only_own_zone_matters(rule: Node, roles: frozenset[str], atoms: list[str]) -> bool:
    """True when the rule holds for every object of the own zone (`same_zone` true)."""
    others = [a for a in atoms if a != "same_zone"]
    return all(
        rule.holds(roles, {"same_zone": True, **dict(zip(others, values, strict=True))})
        for values in product((False, True), repeat=len(others))
    )


def _conditions(rule: Node, roles: frozenset[str], atoms: list[str]) -> tuple[Promise, ...]:
    """What must be true of the object for ``roles``: each atom that changes the outcome, said
    as it must be (held or not), in the order of `OBJECT_ATOMS`."""
    said: list[Promise] = []
    for atom in OBJECT_ATOMS:
        if atom not in atoms or atom == "same_zone":
            continue
        others = [a for a in atoms if a != atom]
        needs_true = needs_false = False
        for values in product((False, True), repeat=len(others)):
            context = {"same_zone": True, **dict(zip(others, values, strict=True))}
            with_it = rule.holds(roles, {**context, atom: True})
            without = rule.holds(roles, {**context, atom: False})
            needs_true |= with_it and not without
            needs_false |= without and not with_it
        text = OBJECT_ATOMS[atom][0] if needs_true else OBJECT_ATOMS[atom][1]
        if (needs_true or needs_false) and text is not None:
            said.append(text)
    return tuple(said)


# Which processing's personal data each permission lets its holder read (None: none, or it lets
# change or count only), what it opens, and its rule as last checked. A test fails when the
# rules and this table part: look again at what the permission lets read, then write its rule
# here as the test prints it.
READS: dict[str, tuple[str | None, Promise | None, str]] = {
    "api.manage_tokens": (None, None, "(is_member & has_role_admin & same_zone)"),
    # The zone's sign-in choices and group mappings (kompas/sso): no one's data, a count only.
    "sso.manage": (None, None, "(is_member & has_role_admin)"),
    "accounts.import_people": (
        "accounts",
        _("importing people"),
        "(is_member & (has_role_hr | has_role_admin))",
    ),
    "accounts.manage_people": (
        "accounts",
        _("people's records"),
        "(is_member & (has_role_hr | has_role_admin) & same_zone)",
    ),
    "accounts.manage_roles": (
        "accounts",
        _("roles held"),
        "(is_member & has_role_admin & same_zone & ~is_self)",
    ),
    "accounts.reset_second_factor": (
        "accounts",
        _("two-step sign-in of a person"),
        "(is_member & has_role_admin & same_zone & ~is_self)",
    ),
    "accounts.view_organisation": (
        "accounts",
        _("the organisation: services and who leads them"),
        "is_member",
    ),
    "accounts.view_person": (
        "accounts",
        _("a colleague's name and service (to name them)"),
        "(is_member & same_zone)",
    ),
    "audit.view_log": (
        "accounts",
        _("the audit log (without the events about cases, but for the integrity officer)"),
        "(is_member & (has_role_admin | has_role_integrity_officer | has_role_dpo))",
    ),
    "compass.edit_values": (None, None, "(is_member & has_role_integrity_officer)"),
    "compass.facilitate": (
        "trainings",
        _("the trainings they prepare and lead"),
        "(is_member & has_role_chief_or_coordinator_or_head_of_service_or_integrity_officer"
        "_or_mteam_or_network)",
    ),
    "compass.propose_dilemma": (None, None, "is_member"),
    "compass.review_dilemma": (
        "trainings",
        _("a proposed dilemma and who proposed it"),
        "(is_member & has_role_integrity_officer_or_network & same_zone)",
    ),
    "compass.review_dilemmas": (
        "trainings",
        _("the proposed dilemmas"),
        "(is_member & has_role_integrity_officer_or_network)",
    ),
    "compass.run_session": (
        "trainings",
        _("a training session, its participants' count and votes per option"),
        "(is_member & same_zone & is_facilitator_of)",
    ),
    "compass.view": (None, None, "is_member"),
    "compass.view_training_stats": (
        "trainings",
        _("trainings held per service"),
        "(is_member & (has_role_integrity_officer | has_role_chief_or_mteam))",
    ),
    "insights.view_dashboard": (
        None,
        None,
        "(is_member & (has_role_chief_or_mteam | has_role_integrity_officer))",
    ),
    "plans.edit": (
        "risks",
        _("the action plan and who is responsible"),
        "(is_member & (has_role_integrity_officer | has_role_chief_or_mteam))",
    ),
    "plans.edit_questions": (
        None,
        None,
        "(is_member & (has_role_integrity_officer | has_role_hr))",
    ),
    "plans.note_progress": (
        "risks",
        _("progress notes on the action plan"),
        "(is_member & same_zone & (has_role_integrity_officer | has_role_chief_or_mteam"
        " | responsible_for))",
    ),
    "plans.set_evaluation_values": (
        None,
        None,
        "(is_member & same_zone & (has_role_integrity_officer | (has_role_head_of_service"
        " & leads_service)))",
    ),
    "plans.view": ("risks", _("the action plan and its progress notes"), "is_member"),
    "plans.view_questions": (
        None,
        None,
        "(is_member & has_role_chief_or_coordinator_or_head_of_service_or_hr_or_integrity_officer"
        "_or_mteam)",
    ),
    "privacy.edit_texts": (
        None,
        None,
        "(is_member & (has_role_integrity_officer | has_role_admin))",
    ),
    "privacy.handle_requests": (
        "accounts",
        _("data-subject requests, and what Kompas holds about a member who asks"),
        "(is_member & (has_role_dpo | has_role_integrity_officer))",
    ),
    "privacy.view_holdings": (
        None,
        None,
        "(is_member & (has_role_dpo | has_role_integrity_officer))",
    ),
    "privacy.view_records": (
        None,
        None,
        "(is_member & (has_role_dpo | has_role_integrity_officer | has_role_admin))",
    ),
    "registers.configure": (None, None, "(is_member & has_role_integrity_officer)"),
    "registers.declare": ("registers", _("their own declarations"), "is_member"),
    "registers.view_overview": (
        "registers",
        _("every declaration of the zone"),
        "(is_member & has_role_integrity_officer)",
    ),
    "registers.view_yearly": (None, None, "(is_member & has_role_chief_or_mteam)"),
    "reporting.approve_reveals": (
        "reporting",
        _("requests to reveal a reporter's identity, with their reasons"),
        "(is_member & has_role_integrity_officer)",
    ),
    "reporting.configure_channel": (None, None, "(is_member & has_role_integrity_officer)"),
    "reporting.handle_case": (
        "reporting",
        _("a case: the report, the conversation, notes, tasks and files"),
        "(is_member & same_zone & holds_grant)",
    ),
    "reporting.handle_cases": (
        "reporting",
        _("the list of the cases they hold"),
        "(is_member & has_role_chief_or_coordinator_or_counsellor_or_disciplinary"
        "_or_head_of_service_or_integrity_officer_or_oversight_or_paps)",
    ),
    "reporting.record_oral": (
        None,
        None,
        "(is_member & has_role_chief_or_coordinator_or_counsellor_or_disciplinary"
        "_or_head_of_service_or_integrity_officer_or_oversight_or_paps)",
    ),
    "reporting.report": (None, None, "is_member"),
    "reporting.view_register": (
        "reporting",
        _("the register: number, kind, dates, status and outcome of each report"),
        "(is_member & (has_role_integrity_officer | has_role_counsellor_or_oversight_or_paps))",
    ),
    "retention.change_settings": (None, None, "(is_member & has_role_integrity_officer)"),
    "retention.view_settings": (
        None,
        None,
        "(is_member & (has_role_integrity_officer | has_role_dpo))",
    ),
    "risks.configure": (None, None, "(is_member & has_role_integrity_officer)"),
    "risks.lead_analysis": (
        "risks",
        _("a risk analysis they lead"),
        "(is_member & same_zone & (has_role_integrity_officer | leads_analysis))",
    ),
    "risks.start_analysis": (
        None,
        None,
        "(is_member & same_zone & (has_role_integrity_officer | (has_role_head_of_service"
        " & leads_service)))",
    ),
    "risks.start_any_analysis": (
        None,
        None,
        "(is_member & (has_role_integrity_officer | has_role_head_of_service))",
    ),
    "risks.update_measure": (
        "risks",
        _("a measure and its owner"),
        "(is_member & same_zone & (has_role_chief_or_mteam | owns_measure))",
    ),
    "risks.view": (
        "risks",
        _("the risk analyses and who leads them"),
        "(is_member & has_role_chief_or_coordinator_or_head_of_service_or_integrity_officer"
        "_or_mteam)",
    ),
    "risks.weigh": ("risks", _("weighing the risks"), "(is_member & has_role_chief_or_mteam)"),
}


def all_permissions() -> dict[str, str]:
    """Every permission of `kompas.permissions` with its rule as `READS` writes it."""
    from rules.permissions import permissions

    import kompas.permissions  # noqa: F401

    return {name: str(parse(rule.name)) for name, rule in sorted(permissions.items())}


def readers_of(processing: str) -> list[tuple[str, Promise, Readers]]:
    """The permissions that let someone read this processing's data: name, what, who."""
    return [
        (name, what, who_may(name))
        for name, (reads, what, _rule) in READS.items()
        if reads == processing and what is not None
    ]


def stand_in(actor: str) -> Any:
    """An unsaved active member holding the one role ``actor`` (or none): what the rules see of
    a person, for comparing the tree with the rules themselves."""
    from kompas.accounts.models import Person, RoleAssignment

    person = Person(zone_id=0, is_active=True)
    held = [] if actor == NO_ROLE else [RoleAssignment(role=actor)]
    person.__dict__["role_assignments"] = held
    person.__dict__["roles"] = frozenset(a.role for a in held)
    return person


def drift() -> list[str]:
    """Where the rules and `READS` part: each line says what to look at again."""
    now = all_permissions()
    lines = [
        f"{name}: a new permission with the rule {rule!r}: say in READS what it lets read"
        for name, rule in now.items()
        if name not in READS
    ]
    lines += [
        f"{name}: the rule is now {rule!r} (READS checked {READS[name][2]!r}): does it let "
        "others read now?"
        for name, rule in now.items()
        if name in READS and READS[name][2] != rule
    ]
    lines += [f"{name}: no longer a permission" for name in sorted(READS.keys() - now.keys())]
    return lines
