"""How long each processing keeps its data, read from the settings in force (the zone's own
periods, else Kompas' defaults), so that a notice or a record never states a period that the
purge does not apply. Where Kompas sets no period, it says so."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Kept:
    """One kind of data and how long it is kept (``period`` None: no period is set)."""

    what: str
    period: str | None


def periods(zone_id: int) -> dict[str, list[Kept]]:
    """Per processing, what is kept how long, in the active language (four queries)."""
    from kompas.registers.models import RetentionRules
    from kompas.reporting.models import DEFAULT_RETENTION_MONTHS, Kind, RetentionPeriod
    from kompas.retention.models import RetentionSettings

    own_periods = RetentionSettings.current(zone_id)

    def months(n: int, after: str) -> str:
        return ngettext("%(n)s month %(after)s", "%(n)s months %(after)s", n) % {
            "n": n,
            "after": after,
        }

    def days(n: int, after: str) -> str:
        return ngettext("%(n)s day %(after)s", "%(n)s days %(after)s", n) % {"n": n, "after": after}

    own = dict(RetentionPeriod.objects.filter(zone_id=zone_id).values_list("kind", "months"))
    reports = [
        Kept(
            _("Reports of the kind “%(kind)s”") % {"kind": label},
            ngettext(
                "%(n)s month after the case is closed",
                "%(n)s months after the case is closed",
                months,
            )
            % {"n": months},
        )
        for kind, label in Kind.choices
        for months in [own.get(kind, DEFAULT_RETENTION_MONTHS[Kind(kind)])]
    ]
    reports += [
        Kept(
            _(
                "Then the case's content, files and keys are destroyed; the register keeps its "
                "number, kind, channel, dates, status and outcome"
            ),
            _("as long as the register"),
        ),
        Kept(
            _("A case that is never closed: destroyed alike, its handlers warned beforehand"),
            months(
                own_periods.open_case_months,
                _("after the last activity (reading the case is none)"),
            ),
        ),
    ]
    rules = RetentionRules.current(zone_id)

    def years(n: int, after: str) -> str:
        return ngettext("%(n)s year %(after)s", "%(n)s years %(after)s", n) % {
            "n": n,
            "after": after,
        }

    reports += [
        Kept(
            _("The line of the register of reports"),
            years(
                own_periods.register_years,
                _("after the case is closed (or, never closed, destroyed)"),
            ),
        ),
        Kept(_("A case under a legal hold"), _("until the hold is lifted")),
    ]

    hours = settings.SESSION_COOKIE_AGE // 3600
    return {
        "reporting": reports,
        "public": reports,
        "registers": [
            Kept(_("Gifts and invitations"), years(rules.gift_years, _("after the declaration"))),
            Kept(_("Conflicts of interest"), years(rules.conflict_years, _("after the signal"))),
            Kept(
                _("Side activities"),
                years(rules.side_activity_years, _("after they ended or were refused")),
            ),
        ],
        "trainings": [
            Kept(
                _("Join codes of sessions and the marks that a phone voted"),
                days(own_periods.join_code_days, _("after the session is held")),
            ),
            Kept(
                _("Training sessions and their counted votes"),
                months(own_periods.training_months, _("after the session is held")),
            ),
            Kept(
                _("Proposed dilemmas not taken into the library"),
                months(own_periods.declined_dilemma_months, _("after the review")),
            ),
            Kept(_("Dilemmas in the library"), None),
            Kept(
                _("A member's notes in the decision aid and conversation guides"),
                _("until the member deletes them"),
            ),
        ],
        "risks": [
            Kept(_("Risk analyses, measures and scores"), None),
            Kept(_("The action plan and its progress notes"), None),
        ],
        "accounts": [
            Kept(
                _("People and their roles after they leave: then pseudonymised"),
                months(own_periods.leaver_months, _("after their account is deactivated")),
            ),
            Kept(
                _("Sessions"),
                ngettext(
                    "at most %(n)s hour, or until the browser closes",
                    "at most %(n)s hours, or until the browser closes",
                    hours,
                )
                % {"n": hours},
            ),
            Kept(_("Failed sign-ins (removed when the account next signs in)"), None),
            Kept(_("Mails"), _("14 days after they were sent")),
            Kept(
                _("Who did what in the audit log: then replaced by their role"),
                months(own_periods.audit_months, _("after the event")),
            ),
            Kept(
                _("The audit log's events themselves"),
                _("without end: the chain of events cannot lose a link"),
            ),
            # No purge removes them and no page deletes them (`kompas.privacy` README).
            Kept(
                _("Data-subject requests, what was answered and when"),
                _("no period: Kompas neither deletes them nor lets anyone delete them"),
            ),
        ],
    }
