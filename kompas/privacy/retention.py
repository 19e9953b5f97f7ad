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
    """Per processing, what is kept how long, in the active language (three queries)."""
    from kompas.registers.models import RetentionRules
    from kompas.reporting.models import DEFAULT_RETENTION_MONTHS, Kind, RetentionPeriod

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
        Kept(_("A case that is not closed, or under a legal hold"), None),
    ]
    rules = RetentionRules.current(zone_id)

    def years(n: int, after: str) -> str:
        return ngettext("%(n)s year %(after)s", "%(n)s years %(after)s", n) % {
            "n": n,
            "after": after,
        }

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
            Kept(_("Training sessions and their counted votes"), None),
            Kept(_("Proposed dilemmas"), None),
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
            Kept(_("People and their roles, also after they leave"), None),
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
                _("The audit log"),
                _("without end: the chain of events cannot lose a link"),
            ),
        ],
    }
