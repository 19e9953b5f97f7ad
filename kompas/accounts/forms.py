from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.signals import user_login_failed
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
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return self.cleaned_data
        from kompas.sso.services import password_off_for_address

        # Decided before the password is checked, and answered as a wrong password whether the
        # password is right or not: a zone that signs in through its provider must not tell
        # anybody whether a password is right (the page always shows the provider's button).
        # The password is still checked, so that the time taken, the lockout and the audit
        # event are those of any wrong password, of a known address or an unknown one.
        off = password_off_for_address(username)
        self.user_cache = authenticate(self.request, username=username, password=password)
        if off:
            if self.user_cache is not None:
                # Counted and audited as a failure, as a wrong password is (by authenticate).
                user_login_failed.send(
                    sender=__name__,
                    credentials={"username": username},
                    request=self.request,
                )
            self.user_cache = None
        if self.user_cache is None:
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


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
        from kompas.sso.config import provider
        from kompas.sso.services import password_allowed

        if not password_allowed(context["user"]):
            # A password would not let them in: no link to choose one, but a mail that says how
            # they do sign in. The page says the same as ever (it tells nobody anything).
            conf = provider()
            context = {**context, "provider_name": conf.name if conf else ""}
            subject_template_name = "sso/email/password_off_subject.txt"
            email_template_name = "sso/email/password_off.txt"
        # In the language of the person who gets the mail, not of whoever asked for it; sent by
        # the task queue (kompas.lib.mail), as Django's form would render it (text only).
        with translation.override(context["user"].language):
            subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
            body = loader.render_to_string(email_template_name, context)
        mail.send(subject, body, to_email)
