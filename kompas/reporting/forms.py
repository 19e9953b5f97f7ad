from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from kompas.accounts.models import Person, Service, Zone
from kompas.accounts.roles import Role
from kompas.accounts.widgets import PersonPicker, ServiceChoiceField, picker_field
from kompas.compass.values import Value
from kompas.lib.forms import ModelChoiceField, ModelMultipleChoiceField
from kompas.lib.ids import as_id
from kompas.reporting import crypto
from kompas.reporting.files import MAX_BYTES, MAX_FILES, CleanFile
from kompas.reporting.files import clean as clean_file
from kompas.reporting.models import (
    Assessment,
    CaseTag,
    IdentityMode,
    Kind,
    Outcome,
    Sanction,
    Status,
)

RECEIPT_SALT = "kompas.reporting.receipt"
RECEIPT_MAX_AGE = 24 * 3600
MAX_TEXT = 20_000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files at once; each is checked on its content and stripped of metadata."""

    widget = MultipleFileInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Files (optional)"))
        kwargs.setdefault(
            "help_text",
            _(
                "Photos (JPEG, PNG), PDF or text, at most 5 files of 10 MB. Hidden details such as "
                "the camera, the place or the author are removed."
            ),
        )
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[CleanFile]:
        uploads = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(uploads) > MAX_FILES:
            raise forms.ValidationError(_("At most 5 files at a time."))
        cleaned = []
        errors = []
        for upload in uploads:
            if upload.size > MAX_BYTES:
                errors.append(_("%(name)s is larger than 10 MB.") % {"name": upload.name})
                continue
            try:
                cleaned.append(clean_file(upload.name, upload.read()))
            except forms.ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise forms.ValidationError(errors)
        return cleaned


def main_services(zone: Zone | int) -> Any:
    """The services a reporter can tell apart: the top two levels (Operaties, Verkeer, ...),
    not the hundreds of teams of a large zone. Teams go in the free text."""
    from django.db.models import Q

    return Service.objects.filter(zone=zone).filter(
        Q(parent__isnull=True) | Q(parent__parent__isnull=True)
    )


YES_NO = [("", _("Not applicable")), ("yes", _("Yes")), ("no", _("No"))]


def issue_receipt_token() -> str:
    """A receipt made when the form is shown and carried, signed, by the form itself, so that a
    double click or a retry files one report and shows the same receipt."""
    return signing.dumps(crypto.new_receipt(), salt=RECEIPT_SALT)


def receipt_from_token(token: str) -> str | None:
    try:
        receipt = signing.loads(token, salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE)
    except signing.BadSignature:
        return None
    return crypto.normalise_receipt(str(receipt))


PUBLIC_SALT = "kompas.reporting.public-form"


def issue_public_token(zone_id: int) -> str:
    """The public form's receipt, signed for its zone. It stands in for the CSRF cookie, which a
    browser does not send to a form framed in another site: only a form Kompas showed for this
    zone within a day is taken, and its receipt makes it single-use (sent twice, one report)."""
    return signing.dumps({"z": zone_id, "r": crypto.new_receipt()}, salt=PUBLIC_SALT)


def receipt_from_public_token(token: str, zone_id: int) -> str:
    """The receipt of a public form of this zone; `signing.SignatureExpired` when the form is
    older than a day, `signing.BadSignature` when it is not this zone's form."""
    data = signing.loads(token, salt=PUBLIC_SALT, max_age=RECEIPT_MAX_AGE)
    receipt = None
    if isinstance(data, dict) and data.get("z") == zone_id:
        receipt = crypto.normalise_receipt(str(data.get("r", "")))
    if receipt is None:
        raise signing.BadSignature("not a form of this zone")
    return receipt


class _ReportForm(forms.Form):
    # The order of the page, so that the error summary names the fields as the page shows them
    # (names a form does not have are skipped).
    field_order = [
        "receipt_token", "kind", "identity_mode", "what", "when", "where", "attachments",
        "involved_text", "involved", "services", "values", "addressed_colleague", "told_leader",
        "own_leaders_involved", "contact_name", "contact_email", "contact_phone",
    ]  # fmt: skip
    receipt_token = forms.CharField(widget=forms.HiddenInput)
    what = forms.CharField(
        label=_("What happened?"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Describe the facts as you saw or heard them. Leave out what is not needed."),
    )
    when = forms.CharField(label=_("When did it happen?"), max_length=200, required=False)
    where = forms.CharField(label=_("Where did it happen?"), max_length=200, required=False)
    involved_text = forms.CharField(
        label=_("Who was involved?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("People or services, as far as you know."),
    )
    attachments = FilesField()

    def clean_receipt_token(self) -> str:
        receipt = receipt_from_token(self.cleaned_data["receipt_token"])
        if receipt is None:
            raise forms.ValidationError(
                _("This form was open too long. Check your text and send it again.")
            )
        return receipt


class StaffReportForm(_ReportForm):
    kind = forms.ChoiceField(
        label=_("What do you want to report?"),
        choices=[(k.value, k.label) for k in Kind if k != Kind.COMPLAINT],
        widget=forms.RadioSelect,
    )
    identity_mode = forms.ChoiceField(
        label=_("Who may know that you reported this?"),
        choices=[
            (IdentityMode.NAMED, _("Named: the handlers see my name")),
            (
                IdentityMode.CONFIDENTIAL,
                _("Confidential: my name is sealed, even from the handlers"),
            ),
            (IdentityMode.ANONYMOUS, _("Anonymous: nothing links this report to me")),
        ],
        widget=forms.RadioSelect,
        initial=IdentityMode.CONFIDENTIAL,
    )
    involved = ModelMultipleChoiceField(
        label=_("Colleagues involved"),
        queryset=Person.objects.none(),
        required=False,
        widget=PersonPicker(),
        help_text=_("They will never see this report."),
    )
    services = ModelMultipleChoiceField(
        label=_("Services concerned"), queryset=Service.objects.none(), required=False
    )
    values = forms.MultipleChoiceField(
        label=_("Which values of the compass does it touch? (optional)"),
        choices=Value.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    addressed_colleague = forms.ChoiceField(
        label=_("Did you already address the colleague about it?"), choices=YES_NO, required=False
    )
    told_leader = forms.ChoiceField(
        label=_("Did you already tell a leader?"), choices=YES_NO, required=False
    )
    own_leaders_involved = forms.BooleanField(
        label=_("My own leaders are involved: keep them out of this report"), required=False
    )

    def __init__(self, *args: Any, reporter: Person, **kwargs: Any) -> None:
        """For a member of staff reporting: the colleagues and main services of their zone."""
        super().__init__(*args, **kwargs)
        zone_id = reporter.zone_id
        picker_field(
            self.fields["involved"],
            Person.objects.filter(zone_id=zone_id, is_active=True)
            .exclude(pk=reporter.pk)
            .select_related("service"),
        )
        services = self.fields["services"]
        assert isinstance(services, forms.ModelMultipleChoiceField)
        # Read afresh (one small query): a reporter-facing page writes nothing to the shared
        # cache, whose entries' times would say when someone opened the form (threat model).
        services.queryset = main_services(zone_id)
        from kompas.reporting.services import ROUTES

        if reporter.has_any_role(*{role for roles in ROUTES.values() for role in roles}):
            self.fields["identity_mode"].help_text = _(
                "You handle reports yourself: a report you make anonymously or confidentially "
                "reaches you like your colleagues, so that your absence among its handlers "
                "does not give you away. A named report does not reach you."
            )


class PublicReportForm(_ReportForm):
    kind = forms.ChoiceField(
        label=_("What do you want to report?"),
        choices=[
            (Kind.COMPLAINT, _("A complaint about the police")),
            (Kind.BREACH, _("A possible integrity breach by a member of the police")),
            (Kind.ADVICE, _("A question")),
            (Kind.CONGRATULATION, _("A congratulation")),
        ],
        widget=forms.RadioSelect,
    )
    services = ModelMultipleChoiceField(
        label=_("Which service was it? (if you know)"),
        queryset=Service.objects.none(),
        required=False,
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Your e-mail address"), required=False)
    contact_phone = forms.CharField(label=_("Your phone number"), max_length=50, required=False)

    def __init__(self, *args: Any, zone: Zone, **kwargs: Any) -> None:
        from kompas.reporting.models import ChannelSettings

        super().__init__(*args, **kwargs)
        services = self.fields["services"]
        assert isinstance(services, forms.ModelMultipleChoiceField)
        # Only the services the zone offers to citizens; none offered: the question is not asked.
        channel = ChannelSettings.objects.filter(zone=zone).first()
        offered = channel.public_services.all() if channel is not None else Service.objects.none()
        services.queryset = offered
        if not offered.exists():
            del self.fields["services"]
        self.zone_id = zone.pk

    def clean_receipt_token(self) -> str:
        try:
            return receipt_from_public_token(self.cleaned_data["receipt_token"], self.zone_id)
        except signing.SignatureExpired:
            raise forms.ValidationError(
                _("This form was open too long. Check your text and send it again.")
            ) from None
        except signing.BadSignature:
            raise forms.ValidationError(
                _(
                    "This form was opened on another page. Your text is kept: check it and "
                    "send it again from this page."
                )
            ) from None


class PublicServicesForm(forms.Form):
    """The integrity officer marks the services a citizen can name on the public form."""

    services = ModelMultipleChoiceField(
        label=_("Services a citizen can name on the public form"),
        queryset=Service.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Those a citizen meets (reception, interventions, neighbourhood posts), not internal ones."
        ),
    )

    def __init__(self, *args: Any, zone: Zone | int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        services = self.fields["services"]
        assert isinstance(services, forms.ModelMultipleChoiceField)
        services.queryset = main_services(zone)


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label=_("Your receipt"),
        max_length=64,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        help_text=_("Twenty letters and digits, for example ABCD-1234-EFGH-5678-JKMN."),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 4})
    )


def offer_people(field: forms.Field, people: list[Person]) -> None:
    """Offer these people, already loaded by the page, in a model choice field: the options are
    written from them without asking the database again, and an answer must be one of them."""
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = Person.objects.filter(pk__in=[person.pk for person in people])
    field.choices = [
        ("", field.empty_label),
        *((p.pk, field.label_from_instance(p)) for p in people),
    ]


class ReporterMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    attachments = FilesField()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("body") or "").strip() and not data.get("attachments"):
            raise forms.ValidationError(_("Write a message or add a file."))
        return data


class RevealSelfForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    email = forms.EmailField(label=_("Your e-mail address"), required=False)
    phone = forms.CharField(label=_("Your phone number"), max_length=50, required=False)


class RetaliationForm(forms.Form):
    what = forms.CharField(
        label=_("What was done to you because of your report?"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class MeetingRequestForm(forms.Form):
    """The reporter asks for a meeting (directive art. 9(2)), and agrees to its minutes."""

    preference = forms.CharField(
        label=_("When and where would suit you? (optional)"),
        help_text=_("For instance: a weekday after 16:00, not at the station."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the meeting is written down in minutes, which I read here and "
            "approve or correct."
        ),
        error_messages={"required": _("A meeting is documented by minutes: tick to agree.")},
    )


class MinutesCorrectionForm(forms.Form):
    corrections = forms.CharField(
        label=_("What is wrong or missing in the minutes?"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class MeetingPlanForm(forms.Form):
    day = forms.DateField(
        label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    time = forms.TimeField(
        label=_("Hour"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    place = forms.CharField(label=_("Place"), max_length=300)

    def clean_day(self) -> Any:
        from kompas.lib.clock import today

        day = self.cleaned_data["day"]
        if day < today():
            raise forms.ValidationError(_("Choose a day from today on."))
        return day


class MeetingDeclineForm(forms.Form):
    decline_reason = forms.CharField(
        label=_("Why is the meeting not held? The reporter reads this."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MeetingMinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes of the meeting"),
        help_text=_(
            "Complete and accurate: the reporter reads them, and approves or corrects them."
        ),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class RevealRequestForm(forms.Form):
    approver = forms.ModelChoiceField(label=_("Who approves?"), queryset=Person.objects.none())
    reason = forms.CharField(
        label=_("Why must the handlers know who reported?"),
        max_length=2000,
        min_length=20,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Directive art. 16(3): the reporter hears of it, with the reason, before it happens.
    for_reporter = forms.CharField(
        label=_("What the reporter is told before their identity is shown"),
        help_text=_(
            "Posted to the reporter's follow-up page when the request is approved, before "
            "anyone sees who they are. Say why, in words meant for them."
        ),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    withheld_because = forms.CharField(
        label=_("Or: why telling the reporter would jeopardise the investigation"),
        help_text=_("Only if telling them would harm the investigation; recorded, sealed."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, approvers: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_people(self.fields["approver"], approvers)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        told = (data.get("for_reporter") or "").strip()
        withheld = (data.get("withheld_because") or "").strip()
        if bool(told) == bool(withheld):
            raise forms.ValidationError(
                _(
                    "Write what the reporter is told, or why telling them would jeopardise "
                    "the investigation (one of the two)."
                )
            )
        for name, text in (("for_reporter", told), ("withheld_because", withheld)):
            if text and len(text) < 20:
                self.add_error(name, _("Give the reason in a sentence or more."))
        return data


class StepForm(forms.Form):
    step = forms.ChoiceField(
        choices=[
            (s, s) for s in ("acknowledge", "assess", "investigate", "outcome", "feedback", "close")
        ]
    )
    assessment = forms.ChoiceField(
        label=_("Assessment"), choices=[("", "—"), *Assessment.choices], required=False
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", "—"), *Outcome.choices], required=False
    )


class UnlockForm(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )


class OralReportForm(_ReportForm):
    """A handler records a report told by phone or in a meeting."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices[:5], widget=forms.RadioSelect)
    identity_mode = forms.ChoiceField(
        label=_("What did the reporter choose?"),
        choices=[
            (IdentityMode.NAMED, _("Named")),
            (IdentityMode.CONFIDENTIAL, _("Confidential")),
            (IdentityMode.ANONYMOUS, _("Anonymous")),
        ],
        widget=forms.RadioSelect,
    )
    involved = ModelMultipleChoiceField(
        label=_("Colleagues involved"),
        queryset=Person.objects.none(),
        required=False,
        widget=PersonPicker(),
    )
    services = ModelMultipleChoiceField(
        label=_("Services concerned"), queryset=Service.objects.none(), required=False
    )
    values = forms.MultipleChoiceField(
        label=_("Values of the compass"),
        choices=Value.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contact_name = forms.CharField(label=_("Reporter's name"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Reporter's e-mail address"), required=False)
    contact_phone = forms.CharField(
        label=_("Reporter's phone number"), max_length=50, required=False
    )

    def __init__(self, *args: Any, zone: Zone, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["what"].label = _("Minutes: what the reporter told")
        picker_field(
            self.fields["involved"],
            Person.objects.filter(zone=zone, is_active=True).select_related("service"),
        )
        services = self.fields["services"]
        assert isinstance(services, forms.ModelMultipleChoiceField)
        services.queryset = main_services(zone)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_contact = any(data.get(f) for f in ("contact_name", "contact_email", "contact_phone"))
        if data.get("identity_mode") != IdentityMode.ANONYMOUS and not has_contact:
            self.add_error("contact_name", _("Give the reporter's name or contact details."))
        if data.get("identity_mode") == IdentityMode.ANONYMOUS and has_contact:
            self.add_error("contact_name", _("An anonymous reporter leaves no contact details."))
        return data


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=300)
    due_on = forms.DateField(
        label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    assignee = forms.ModelChoiceField(
        label=_("Who"), queryset=Person.objects.none(), empty_label=_("Choose a handler")
    )

    def __init__(self, *args: Any, handlers: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_people(self.fields["assignee"], handlers)


class ExportForm(forms.Form):
    """What goes into the case file: the messages and internal notes the handler ticks (at first
    every message with the reporter and no note), and passages to leave out."""

    messages = forms.MultipleChoiceField(
        label=_("Messages with the reporter"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.MultipleChoiceField(
        label=_("Internal notes"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    redactions = forms.CharField(
        label=_("Passages to black out"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One word or passage per line; each is left out everywhere in the file and marked "
            "as left out."
        ),
    )

    name_reporter = forms.BooleanField(
        label=_("Name the reporter in the file"),
        required=False,
        help_text=_(
            "Only with the reporter's explicit consent, or where the law requires it: whoever "
            "receives the file then knows who reported (directive art. 16). Left unticked, the "
            "file says the identity is not included."
        ),
    )

    def __init__(
        self,
        *args: Any,
        conversation: list[tuple[Any, str]],
        identity_known: bool = False,
        **kwargs: Any,
    ) -> None:
        """``conversation``: the case's messages and notes with their opened bodies;
        ``identity_known``: whether the handler sees who reported (a named report, or a
        confidential one whose reveal was approved): only then may the file name them."""
        super().__init__(*args, **kwargs)
        if not identity_known:
            del self.fields["name_reporter"]
        for name, internal in (("messages", False), ("notes", True)):
            field = self.fields[name]
            assert isinstance(field, forms.MultipleChoiceField)
            field.choices = [
                (str(message.pk), _export_choice(message, body))
                for message, body in conversation
                if message.internal == internal
            ]
            if not field.choices:
                del self.fields[name]
        if "messages" in self.fields:
            self.fields["messages"].initial = [
                str(message.pk) for message, _body in conversation if not message.internal
            ]


def _export_choice(message: Any, body: str) -> str:
    """A message as the export form lists it: who, which day, its first words."""
    from kompas.lib.dates import shown_day

    if message.author == "reporter":
        author = str(_("Reporter"))
    elif message.handler_id:
        author = f"{_('Handler')}: {message.handler.full_name}"
    else:
        author = str(_("Handler"))
    words = " ".join(body.split())
    if len(words) > 90:
        words = words[:89].rstrip() + "…"
    return f"{shown_day(message.created_on)} · {author} · {words}"


class SubstituteForm(forms.Form):
    """The integrity officer names a substitute handler for a kind of report."""

    kind = forms.ChoiceField(label=_("Kind of report"), choices=Kind.choices)
    person = forms.ModelChoiceField(label=_("Substitute"), queryset=Person.objects.none())

    def __init__(self, *args: Any, zone: Zone, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from kompas.reporting.keys import HANDLER_ROLES

        people = self.fields["person"]
        assert isinstance(people, forms.ModelChoiceField)
        # Only people who can hold a handler's key can receive a case, never the data
        # protection officer (who supervises the channel and opens no case).
        people.queryset = (
            Person.objects.filter(zone=zone, is_active=True, roles_held__role__in=HANDLER_ROLES)
            .exclude(roles_held__role=Role.DPO)
            .distinct()
            .order_by("last_name", "first_name")
        )


class ExternalChannelForm(forms.Form):
    """The zone's own words about Comité P, one text per language Kompas speaks (the
    settings' LANGUAGES); a text left empty: Kompas' own."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from django.conf import settings

        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            self.fields[code] = forms.CharField(
                label=name,
                max_length=3000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 5}),
            )


class _IdChoiceField(ModelChoiceField):
    """A choice by id; a number longer than any id is not one (SQLite cannot even be sent it)."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and as_id(value) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class CaseFilterForm(forms.Form):
    """The case list's filters (a GET form); every field may be left empty, all combine."""

    q = forms.CharField(label=_("Number or tag"), required=False, max_length=40)
    status = forms.ChoiceField(label=_("Status"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Every kind")), *Kind.choices]
    )
    service = ServiceChoiceField(
        label=_("Service concerned"),
        required=False,
        queryset=Service.objects.none(),
        empty_label=_("Every service"),
    )
    year = forms.TypedChoiceField(
        label=_("Received in"), required=False, coerce=int, empty_value=None
    )
    deadline = forms.ChoiceField(label=_("Deadlines"), required=False)
    handler = _IdChoiceField(
        label=_("Handled by"),
        required=False,
        queryset=Person.objects.none(),
        empty_label=_("Every handler"),
    )
    tag = _IdChoiceField(
        label=_("Tag"), required=False, queryset=CaseTag.objects.none(), empty_label=_("Every tag")
    )

    # Shown when asked for ("More filters") or when one of them is set: the list opens with the
    # search and the status only, which is what a handler uses most and half of what the page
    # cost to write (each select box is rendered through Django's form templates).
    MORE = ("kind", "service", "year", "deadline", "handler", "tag")

    def __init__(
        self, *args: Any, zone_id: int, years: list[int], more: bool = True, **kwargs: Any
    ) -> None:
        from kompas.reporting import filing

        super().__init__(*args, **kwargs)
        if not more:
            for name in self.MORE:
                del self.fields[name]
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            ("", _("Open cases")),
            ("all", _("All cases, closed ones too")),
            *Status.choices,
        ]
        if not more:
            return
        self.fields["deadline"].choices = [  # type: ignore[attr-defined]
            ("", _("Any")),
            (filing.LATE, _("Late (acknowledgement or feedback)")),
            (filing.ACK_LATE, _("Acknowledgement late")),
            (filing.FEEDBACK_LATE, _("Feedback late")),
            (filing.DUE_SOON, _("Due within 7 days")),
            (filing.ON_TIME, _("On time")),
        ]
        self.fields["year"].choices = [("", _("Any year")), *((y, str(y)) for y in years)]  # type: ignore[attr-defined]
        cast(ServiceChoiceField, self.fields["service"]).offer_zone(zone_id)
        # Everyone who can hold a case's key: the zone's active people with a handler's key.
        handlers = Person.objects.filter(zone_id=zone_id, is_active=True, handler_keys__active=True)
        _queryset(self, "handler", handlers.order_by("last_name", "first_name"))
        _queryset(self, "tag", filing.vocabulary(zone_id))

    @classmethod
    def asks_for_more(cls, query: Any) -> bool:
        """Whether the list shows every filter: asked for, or one of the others is set."""
        return query.get("more") == "1" or any(query.get(name) for name in cls.MORE)


def _queryset(form: forms.Form, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class TagForm(forms.Form):
    """A tag on a case: one of the zone's, or a new one for the zone's vocabulary."""

    tag = _IdChoiceField(
        label=_("Tag"), required=False, queryset=CaseTag.objects.none(), empty_label=_("Choose")
    )
    label = forms.CharField(
        label=_("Or a new tag"),
        required=False,
        max_length=40,
        help_text=_(
            "A short label for a kind of case (for example 'ICT misuse'), kept for every "
            "handler of the zone. Never a name, a service or a fact of the case."
        ),
    )

    def __init__(self, *args: Any, tags: list[CaseTag], zone_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["tag"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = CaseTag.objects.filter(zone_id=zone_id)
        field.choices = [("", field.empty_label), *((t.pk, t.label) for t in tags)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:  # said at the field already
            return data
        if not data.get("tag") and not (data.get("label") or "").strip():
            raise forms.ValidationError(_("Choose a tag or type a new one."))
        return data


class LinkForm(forms.Form):
    number = forms.CharField(label=_("Number of the related case"), max_length=20)


# --- Persons concerned and the disciplinary outcome (issue 24, point 6) ----------------------


def _day(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class ConcernedAddForm(forms.Form):
    label = forms.CharField(
        label=_("Label of the person concerned"),
        help_text=_("For instance 'person concerned 1': never a name. It is sealed with the case."),
        max_length=60,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "concerned")
        super().__init__(*args, **kwargs)


class _ConcernedStepForm(forms.Form):
    """A step about one of the case's persons concerned, chosen by label."""

    step_prefix = ""
    person = forms.ChoiceField(label=_("Person concerned"))

    def __init__(self, *args: Any, persons: list[Any], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", self.step_prefix)
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["person"]).choices = [
            (str(item.person.pk), item.label) for item in persons
        ]


class ConcernedInformedForm(_ConcernedStepForm):
    step_prefix = "informed"
    day = _day(_("Informed on"))
    how = forms.CharField(
        label=_("How were they informed?"),
        help_text=_("For instance: by registered letter, in a conversation with the chief."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ConcernedHeardForm(_ConcernedStepForm):
    step_prefix = "heard"
    day = _day(_("Heard on"))
    how = forms.CharField(
        label=_("How were they heard?"),
        help_text=_("For instance: a hearing with their counsel; minutes in the file."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ConcernedDelayForm(_ConcernedStepForm):
    step_prefix = "delay"
    reason = forms.CharField(
        label=_("Why would informing them now harm the investigation?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    review_on = _day(_("Review the delay on"))


class DisciplineForm(forms.Form):
    sanction = forms.ChoiceField(label=_("Sanction"), choices=Sanction.choices)
    heard_on = _day(_("Day of the hearing"))
    decided_on = _day(_("Day of the decision"))
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "discipline")
        super().__init__(*args, **kwargs)
