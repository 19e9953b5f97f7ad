from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kompas.accounts.models import Language, Person, Service
from kompas.accounts.roles import Role
from kompas.accounts.services import PERSON_FIELDS
from kompas.accounts.widgets import PersonPicker, ServiceChoiceField, picker_field
from kompas.lib import mail
from kompas.lib.throttle import Allowance


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("The e-mail address or the password is not correct."),
        "inactive": _("This account is not active."),
        "password_off": _(
            "Your zone signs in through its identity provider, not with a password: use the "
            "button above."
        ),
    }

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        from kompas.sso.services import password_allowed

        if not password_allowed(user):
            from kompas.audit.services import record

            record("sso.password_sign_in_refused", obj=user, object_type="accounts.person")
            raise forms.ValidationError(self.error_messages["password_off"], code="password_off")


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Six-digit code"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the six digits your app shows.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        return str(self.cleaned_data["token"]).strip()


def _colleagues(zone_id: int) -> Any:
    """Whom a person's leader may be: the zone's active people."""
    return Person.objects.filter(zone_id=zone_id, is_active=True).select_related("service")


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = list(PERSON_FIELDS)  # what services.update_person may change
        widgets = {"leader": PersonPicker(multiple=False)}
        field_classes = {"service": ServiceChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zone_id = self.instance.zone_id
        cast(ServiceChoiceField, self.fields["service"]).offer_zone(zone_id)
        picker_field(self.fields["leader"], _colleagues(zone_id))


class GrantRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    service = ServiceChoiceField(
        label=_("Service"), queryset=Service.objects.none(), required=False
    )

    def __init__(self, *args: Any, zone_id: int, **kwargs: Any) -> None:
        # Its own ids: the person's page also holds the person form, with a service field too.
        kwargs.setdefault("auto_id", "id_role_%s")
        super().__init__(*args, **kwargs)
        cast(ServiceChoiceField, self.fields["service"]).offer_zone(zone_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role, service = data.get("role"), data.get("service")
        from kompas.accounts.roles import SERVICE_ROLES

        if role in SERVICE_ROLES and service is None:
            self.add_error("service", _("Choose the service this role is held for."))
        if role not in SERVICE_ROLES:
            data["service"] = None
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)


# Password-reset mails an account gets at most in any hour.
RESET_MAILS = Allowance("password-reset-mails", 3)


class ResetPasswordForm(PasswordResetForm):
    """Also sends a link to people imported by HR who never had a password: their first sign-in."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def get_users(self, email: str) -> Iterator[Any]:
        return iter(Person.objects.filter(email__iexact=email.strip(), is_active=True))

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        # A few mails per account an hour, however often they are asked for (the page says the
        # same either way: kompas.accounts.views.PasswordResetView).
        if not RESET_MAILS.take(str(context["user"].pk)):
            return
        # In the language of the person who gets the mail, not of whoever asked for it; sent by
        # the task queue (kompas.lib.mail), as Django's form would render it (text only).
        with translation.override(context["user"].language):
            subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
            body = loader.render_to_string(email_template_name, context)
        mail.send(subject, body, to_email)
