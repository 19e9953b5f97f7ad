"""What Kompas processes, per processing: the notices (art. 13/14 GDPR) and the records of
processing (art. 30) are both written from here.

`PROCESSINGS` names each processing with the categories of data and of people it holds.
`STORED` says, for every model Kompas stores (its own and the libraries'), which processing it
belongs to and which of its fields are sealed (encrypted): a test fails when a model is added
without being named here, or a sealed field appears that is not, so the records cannot
silently fall behind what is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Processing:
    key: str
    title: Promise
    data: tuple[Promise, ...]
    people: tuple[Promise, ...]


PROCESSINGS: tuple[Processing, ...] = (
    Processing(
        "reporting",
        _("The reporting channel for members of staff"),
        data=(
            _("what the reporter tells: facts, places, dates and files"),
            _("colleagues named as involved or as witnesses"),
            _("the reporter's identity, when the report is named or confidential"),
            _("messages with the reporter, the handlers' notes, tasks, meetings and minutes"),
            _(
                "persons concerned: when and how they were informed and heard, or why that is "
                "delayed; the outcome of a disciplinary procedure"
            ),
            _("what a report tells may include health data or offences"),
            _(
                "readable: number, kind, channel, status, dates (days), services and values "
                "ticked, who handles the case"
            ),
        ),
        people=(
            _("members of staff who report or ask for advice"),
            _("people named in a report (persons concerned, witnesses)"),
            _("the handlers of the cases"),
        ),
    ),
    Processing(
        "public",
        _("The public reporting form"),
        data=(
            _("what the citizen tells and the files they add"),
            _("name, e-mail address and phone number, only when they leave them"),
            _("people named in the report"),
            _("readable: number, kind, channel, status, dates (days) and the services ticked"),
        ),
        people=(
            _("citizens and partners who report or complain"),
            _("people named in a report (persons concerned, witnesses)"),
            _("the handlers of the cases"),
        ),
    ),
    Processing(
        "registers",
        _("The registers: gifts and invitations, conflicts of interest, side activities"),
        data=(
            _(
                "gifts and invitations: what, from whom, its value, the context, the weighing "
                "answers and the decision"
            ),
            _("conflicts of interest: the task, the relation, the people concerned, the measure"),
            _("side activities: the activity, the organisation, hours, pay and the decision"),
        ),
        people=(
            _("members of staff who declare"),
            _("leaders and authorities who decide"),
            _("givers, organisations and people named in a declaration"),
        ),
    ),
    Processing(
        "trainings",
        _("Dilemma trainings and the compass's tools"),
        data=(
            _("training sessions: who leads them, for which service, when"),
            _("votes counted per option, never per person"),
            _("proposed dilemmas and who proposed or reviewed them"),
            _("a member's own notes in the decision aid and the conversation guides"),
        ),
        people=(
            _("members of staff who lead or join a training"),
            _("members of staff who use the decision aid or the conversation guides"),
        ),
    ),
    Processing(
        "risks",
        _("Integrity risk analyses and the action plan"),
        data=(
            _("risk analyses per service: who leads them, processes, scenarios, measures"),
            _("scores counted per option, never per person"),
            _("owners of measures, progress notes on the action plan and their authors"),
        ),
        people=(
            _("heads of service and members who take part in an analysis"),
            _("owners of measures and people responsible for activities"),
        ),
    ),
    Processing(
        "accounts",
        _("Accounts, signing in and the audit log"),
        data=(
            _("name, e-mail address, staff number, cadre, status, service, leader and language"),
            _("roles held and who granted them"),
            _(
                "signing in: the password's hash, the two-step key, sessions, failed sign-ins "
                "with the network address and browser"
            ),
            _("the audit log: who did what to which record, when and under which role"),
            _("mails waiting to be sent, with their text"),
            _(
                "requests to exercise a right over one's data: the right, the days and the "
                "state readable; who asked, what and the answer sealed"
            ),
        ),
        people=(
            _("members of staff"),
            _("whoever tries to sign in"),
            _("members, citizens and persons concerned who exercise their rights"),
        ),
    ),
)
BY_KEY = {processing.key: processing for processing in PROCESSINGS}


@dataclass(frozen=True)
class Stored:
    """A model: the processings it serves (none: it holds no personal data), its fields sealed
    with a key the server does not keep in the clear (`sealed`, and with which key), and fields
    that hold key material rather than data (`keys`)."""

    processings: tuple[str, ...] = ()
    sealed: tuple[str, ...] = ()
    sealed_with: Promise | None = None
    keys: tuple[str, ...] = field(default=())
    files: Promise | None = None


CASE_KEY = _("the case's own key, sealed to each handler, the receipt and the recovery key")
NOTES_KEY = _("the installation's notes key (KOMPAS_NOTES_KEY)")
REPORTS = ("reporting", "public")

STORED: dict[str, Stored] = {
    # Kompas' own models.
    "accounts.zone": Stored(),
    "accounts.service": Stored(),
    "accounts.person": Stored(("accounts",)),
    "accounts.roleassignment": Stored(("accounts",)),
    "accounts.organisationstamp": Stored(),
    "audit.auditevent": Stored(("accounts",)),
    "audit.heldevent": Stored(("accounts",)),
    "reporting.report": Stored(
        REPORTS,
        sealed=(
            "receipt_box",
            "parent_box",
            "recovery_box",
            "content_box",
            "identity_box",
            "discipline_box",
        ),
        sealed_with=CASE_KEY,
        keys=("receipt_salt",),
    ),
    "reporting.handlerkey": Stored(
        ("reporting",),
        sealed=("wrapped_private_key",),
        sealed_with=_("a key derived from the handler's password"),
        keys=("public_key", "salt"),
    ),
    "passkeys.passkey": Stored(
        ("reporting",),
        sealed=("wrapped_private_key",),
        sealed_with=_("a key derived from the passkey's PRF output, which is never stored"),
        keys=("credential_data", "prf_salt"),
    ),
    "passkeys.keypassphrase": Stored(
        ("reporting",),
        sealed=("wrapped_private_key",),
        sealed_with=_("a key derived from the handler's key passphrase"),
        keys=("salt",),
    ),
    "reporting.grant": Stored(REPORTS, keys=("sealed_case_key",)),
    "reporting.message": Stored(REPORTS, sealed=("body_box",), sealed_with=CASE_KEY),
    "reporting.revealrequest": Stored(
        REPORTS,
        sealed=("reason_box", "reason_for_approver", "notice_box", "notice_withheld_box"),
        sealed_with=CASE_KEY,
    ),
    "reporting.meeting": Stored(
        REPORTS, sealed=("plan_box", "declined_box", "minutes_box"), sealed_with=CASE_KEY
    ),
    "reporting.attachment": Stored(
        REPORTS,
        sealed=("name_box",),
        sealed_with=CASE_KEY,
        files=_("the files themselves, encrypted with the case's key, metadata removed"),
    ),
    "reporting.retentionperiod": Stored(),
    "reporting.personconcerned": Stored(REPORTS, sealed=("box",), sealed_with=CASE_KEY),
    "reporting.task": Stored(REPORTS, sealed=("title_box",), sealed_with=CASE_KEY),
    "reporting.recoverykey": Stored(keys=("public_key",)),
    "reporting.channelsettings": Stored(),
    "reporting.substitute": Stored(("reporting",)),
    "reporting.notice": Stored(REPORTS),
    "reporting.casetag": Stored(),
    "reporting.casetagging": Stored(REPORTS),
    "reporting.caselink": Stored(REPORTS),
    "registers.giftrules": Stored(),
    "registers.giftdeclaration": Stored(("registers",)),
    "registers.decisionrecord": Stored(("registers",)),
    "registers.conflictsignal": Stored(("registers",)),
    "registers.sideactivityrules": Stored(),
    "registers.sideactivity": Stored(("registers",)),
    "registers.wording": Stored(),
    "registers.retentionrules": Stored(),
    "registers.supplier": Stored(),
    "compass.compassedition": Stored(),
    "compass.valuetext": Stored(),
    "compass.compasssettings": Stored(),
    "compass.dilemma": Stored(("trainings",)),
    "compass.dilemmaoption": Stored(),
    "compass.dilemmawalk": Stored(("trainings",), sealed=("sealed",), sealed_with=NOTES_KEY),
    "compass.walkshare": Stored(("trainings",)),
    "compass.conversationsheet": Stored(("trainings",), sealed=("sealed",), sealed_with=NOTES_KEY),
    "compass.trainingsession": Stored(("trainings",)),
    "compass.sessionitem": Stored(),
    "compass.tally": Stored(),
    "compass.ballot": Stored(("trainings",)),
    "risks.riskmatrix": Stored(),
    "risks.riskanalysis": Stored(("risks",)),
    "risks.analysedprocess": Stored(),
    "risks.scenario": Stored(("risks",)),
    "risks.control": Stored(),
    "risks.scorecount": Stored(),
    "risks.scoreballot": Stored(("risks",)),
    "risks.measure": Stored(("risks",)),
    "plans.planperiod": Stored(),
    "plans.strategicobjective": Stored(),
    "plans.operationalobjective": Stored(),
    "plans.activity": Stored(),
    "plans.progressnote": Stored(("risks",)),
    "plans.indicator": Stored(),
    "plans.manualvalue": Stored(("risks",)),
    "plans.evaluationvalues": Stored(("risks",)),
    "plans.interviewquestion": Stored(("risks",)),
    "api.apitoken": Stored(("accounts",)),
    # Sign-in through the zone's provider (kompas/sso): who is linked to which account there,
    # the zone's choices, and groups that give roles.
    "sso.identity": Stored(("accounts",)),
    "sso.zonesignin": Stored(),
    "sso.rolemapping": Stored(),
    "sso.providergrant": Stored(("accounts",)),
    "sso.providerstep": Stored(("accounts",)),
    # The provisioning system's own ids of people and services (kompas/scim).
    "scim.userlink": Stored(("accounts",)),
    "scim.grouplink": Stored(),
    "retention.retentionsettings": Stored(),
    "privacy.privacycontacts": Stored(("accounts",)),
    "privacy.noticetext": Stored(("accounts",)),
    "privacy.datasubjectrequest": Stored(("accounts",), sealed=("sealed",), sealed_with=NOTES_KEY),
    # The libraries' models.
    "auth.permission": Stored(),
    "auth.group": Stored(),
    "contenttypes.contenttype": Stored(),
    "sessions.session": Stored(("accounts",)),
    "otp_totp.totpdevice": Stored(("accounts",), keys=("key",)),
    "axes.accessattempt": Stored(("accounts",)),
    "axes.accessattemptexpiration": Stored(),
    "axes.accessfailurelog": Stored(("accounts",)),
    "axes.accesslog": Stored(("accounts",)),
    "django_tasks_database.dbtaskresult": Stored(("accounts",)),
}
