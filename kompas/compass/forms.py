from __future__ import annotations

import secrets
from itertools import pairwise
from typing import Any

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kompas.accounts.models import Person, Service
from kompas.accounts.widgets import PersonPicker, picker_field
from kompas.compass.models import (
    LANGUAGE_CODES,
    Audience,
    CompassSettings,
    Dilemma,
    Mode,
    Theme,
    pick,
)
from kompas.compass.services import COLOUR, MIN_CONTRAST, DilemmaDraft, contrast_with_white
from kompas.compass.values import Value
from kompas.lib.forms import ModelMultipleChoiceField

LANGUAGE_NAMES = {"nl": _("Dutch"), "fr": _("French"), "en": _("English")}


class TokenMixin:
    """A hidden one-time token, so a double click or a retry makes one record, not two."""

    def _with_token(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("token", secrets.token_urlsafe(24))
        return kwargs

    def clean_token(self) -> str:
        token = str(self.cleaned_data["token"])  # type: ignore[attr-defined]
        if not (16 <= len(token) <= 64) or not token.replace("-", "").replace("_", "").isalnum():
            raise forms.ValidationError(_("The form is damaged: reload the page."))
        return token


# --- Value texts ---------------------------------------------------------------------------------


NAME_LENGTH, SUMMARY_LENGTH = 40, 280


class ValueTextsForm(forms.Form):
    """One value's name, explanation and expected behaviour, in the three languages."""

    note = forms.CharField(label=_("What changed (kept with the edition)"), max_length=300)

    def __init__(self, *args: Any, current: dict[str, tuple[str, str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for lang in LANGUAGE_CODES:
            name, summary, behaviour = current[lang]
            language = LANGUAGE_NAMES[lang]
            # Short enough for the compass picture and the one-page poster (compass/picture.py).
            self.fields[f"name_{lang}"] = forms.CharField(
                label=_("Name (%(language)s)") % {"language": language},
                max_length=NAME_LENGTH,
                initial=name,
                help_text=_("At most %(n)s characters: the name stands on the compass picture.")
                % {"n": NAME_LENGTH},
            )
            self.fields[f"summary_{lang}"] = forms.CharField(
                label=_("Explanation (%(language)s)") % {"language": language},
                max_length=SUMMARY_LENGTH,
                initial=summary,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_(
                    "One or two sentences, at most %(n)s characters: the poster shows it under "
                    "the picture."
                )
                % {"n": SUMMARY_LENGTH},
            )
            self.fields[f"behaviour_{lang}"] = forms.CharField(
                label=_("Expected behaviour, one per line (%(language)s)") % {"language": language},
                max_length=3000,
                initial=behaviour,
                widget=forms.Textarea(attrs={"rows": 6}),
            )
        self.order_fields([*[k for k in self.fields if k != "note"], "note"])

    def by_language(self) -> list[tuple[str, Any, list[Any]]]:
        return [
            (
                lang,
                LANGUAGE_NAMES[lang],
                [self[f"{k}_{lang}"] for k in ("name", "summary", "behaviour")],
            )
            for lang in LANGUAGE_CODES
        ]

    def changes(self) -> dict[str, tuple[str, str, str]]:
        data = self.cleaned_data
        return {
            lang: (
                data[f"name_{lang}"].strip(),
                data[f"summary_{lang}"].strip(),
                "\n".join(
                    line.strip() for line in data[f"behaviour_{lang}"].splitlines() if line.strip()
                ),
            )
            for lang in LANGUAGE_CODES
        }


class SettingsForm(forms.Form):
    min_group = forms.IntegerField(
        label=_("Smallest group whose votes are shown"),
        min_value=CompassSettings.MIN_GROUP_FLOOR,
        max_value=50,
        help_text=_(
            "Below this number of votes, no result is shown, so nobody can guess who chose what."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in Value.choices:
            self.fields[f"colour_{value}"] = forms.CharField(
                label=label,
                max_length=7,
                widget=forms.TextInput(attrs={"type": "color"}),
            )

    def colour_fields(self) -> list[Any]:
        return [self[f"colour_{value}"] for value in Value.values]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for value in Value.values:
            colour = str(data.get(f"colour_{value}") or "").strip().lower()
            if not COLOUR.match(colour):
                self.add_error(f"colour_{value}", _("Choose a colour as #rrggbb."))
            elif contrast_with_white(colour) < MIN_CONTRAST:
                self.add_error(
                    f"colour_{value}", _("This colour is too light for white numbers on it.")
                )
        return data

    def colours(self) -> dict[str, str]:
        return {v: self.cleaned_data[f"colour_{v}"].strip().lower() for v in Value.values}


# --- Dilemmas ------------------------------------------------------------------------------------

VALUE_CHOICES = Value.choices


class DilemmaForm(TokenMixin, forms.Form):
    """A dilemma in one language: situation, up to two voices, two to four options tagged with
    values, and (for reviewers) the reflection."""

    token = forms.CharField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Short title"), max_length=120)
    situation = forms.CharField(
        label=_("The situation"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Leave out names and anything that points to a real person or case."),
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    audiences = forms.MultipleChoiceField(
        label=_("For whom"),
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reflection = forms.CharField(
        label=_("Reflection: what to weigh"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    OPTIONS = 4
    VOICES = 2

    def __init__(self, *args: Any, dilemma: Dilemma | None = None, **kwargs: Any) -> None:
        kwargs = self._with_token(kwargs)
        if dilemma is not None:
            kwargs["initial"].update(self._initial_from(dilemma))
        super().__init__(*args, **kwargs)
        for i in range(self.VOICES):
            self.fields[f"who_{i}"] = forms.CharField(
                label=_("Voice %(n)s: who") % {"n": i + 1}, max_length=120, required=False
            )
            self.fields[f"view_{i}"] = forms.CharField(
                label=_("Voice %(n)s: what they say") % {"n": i + 1},
                max_length=600,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        for i in range(self.OPTIONS):
            letter = "ABCD"[i]
            self.fields[f"option_{i}"] = forms.CharField(
                label=_("Option %(letter)s") % {"letter": letter},
                max_length=400,
                required=i < 2,
            )
            self.fields[f"serves_{i}"] = forms.MultipleChoiceField(
                label=_("Option %(letter)s serves") % {"letter": letter},
                choices=VALUE_CHOICES,
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
            self.fields[f"harms_{i}"] = forms.MultipleChoiceField(
                label=_("Option %(letter)s puts under pressure") % {"letter": letter},
                choices=VALUE_CHOICES,
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )

    @staticmethod
    def _initial_from(dilemma: Dilemma) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "title": dilemma.title_text,
            "situation": dilemma.situation_text,
            "reflection": dilemma.reflection_text,
            "themes": dilemma.themes,
            "audiences": dilemma.audiences,
        }
        for i, (who, view) in enumerate(dilemma.perspective_texts[:2]):
            initial[f"who_{i}"], initial[f"view_{i}"] = who, view
        for option in dilemma.options.all()[:4]:
            i = option.position
            initial[f"option_{i}"] = option.text_value
            initial[f"serves_{i}"], initial[f"harms_{i}"] = option.serves, option.harms
        return initial

    def voice_fields(self) -> list[tuple[Any, Any]]:
        return [(self[f"who_{i}"], self[f"view_{i}"]) for i in range(self.VOICES)]

    def option_fields(self) -> list[tuple[str, Any, Any, Any]]:
        return [
            ("ABCD"[i], self[f"option_{i}"], self[f"serves_{i}"], self[f"harms_{i}"])
            for i in range(self.OPTIONS)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in range(self.OPTIONS):
            both = set(data.get(f"serves_{i}") or []) & set(data.get(f"harms_{i}") or [])
            if both:
                self.add_error(
                    f"harms_{i}", _("A value cannot be both served and put under pressure.")
                )
        # Options must follow each other: no C without B.
        filled = [bool((data.get(f"option_{i}") or "").strip()) for i in range(self.OPTIONS)]
        if any(later and not earlier for earlier, later in pairwise(filled)):
            self.add_error(None, _("Fill in the options in order, without gaps."))
        return data

    def draft(self) -> DilemmaDraft:
        data = self.cleaned_data
        options = [
            (data[f"option_{i}"].strip(), list(data[f"serves_{i}"]), list(data[f"harms_{i}"]))
            for i in range(self.OPTIONS)
            if (data.get(f"option_{i}") or "").strip()
        ]
        voices = [
            (data[f"who_{i}"].strip(), data[f"view_{i}"].strip())
            for i in range(self.VOICES)
            if (data.get(f"who_{i}") or "").strip() and (data.get(f"view_{i}") or "").strip()
        ]
        return DilemmaDraft(
            language=(get_language() or "nl")[:2],
            title=data["title"].strip(),
            situation=data["situation"].strip(),
            options=options,
            reflection=(data.get("reflection") or "").strip(),
            perspectives=voices,
            themes=list(data["themes"]),
            audiences=list(data["audiences"]),
        )


class ProposalForm(DilemmaForm):
    keep_informed = forms.BooleanField(
        label=_("Keep me informed about my proposal"),
        required=False,
        help_text=_(
            "If you leave this off, your proposal is stored without your name and you will not "
            "hear back."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["token"].required = True
        del self.fields["reflection"]
        self.fields["situation"].label = _("What happened, or could happen")


class ReviewForm(DilemmaForm):
    services = ModelMultipleChoiceField(
        label=_("For which services (none: for everyone)"),
        queryset=Service.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("publish", _("Take it into the library")), ("reject", _("Do not take it in"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the proposer"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, dilemma: Dilemma, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})["services"] = list(dilemma.services.all())
        super().__init__(*args, dilemma=dilemma, **kwargs)
        services = self.fields["services"]
        assert isinstance(services, forms.ModelMultipleChoiceField)
        services.queryset = Service.objects.filter(zone_id=dilemma.zone_id or 0).order_by("name")


class LibraryFilter(forms.Form):
    theme = forms.ChoiceField(
        label=_("Theme"), choices=[("", _("All themes")), *Theme.choices], required=False
    )
    audience = forms.ChoiceField(
        label=_("For whom"), choices=[("", _("Everyone")), *Audience.choices], required=False
    )
    value = forms.ChoiceField(
        label=_("Value"), choices=[("", _("All values")), *Value.choices], required=False
    )
    mine = forms.BooleanField(label=_("For my service"), required=False)


# --- The decision aid ----------------------------------------------------------------------------

PULL_CHOICES = [
    ("", _("Not at stake")),
    ("a", _("Points to A")),
    ("b", _("Points to B")),
    ("both", _("Both ways")),
]
LEGAL_CHOICES = [
    ("", "—"),
    ("yes", _("Allowed")),
    ("no", _("Not allowed")),
    ("unsure", _("Not sure: ask")),
]


def _text(
    label: Any, rows: int = 3, required: bool = False, max_length: int = 3000
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class FactsForm(TokenMixin, forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    facts = _text(_("What is going on? Only the facts."), rows=5, required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **self._with_token(kwargs))


class DilemmaStepForm(forms.Form):
    option_a = forms.CharField(label=_("A: I could ..."), max_length=500)
    cost_a = _text(_("What A costs, and for whom"), rows=2)
    option_b = forms.CharField(label=_("B: or I could ..."), max_length=500)
    cost_b = _text(_("What B costs, and for whom"), rows=2)


class AffectedForm(forms.Form):
    affected = _text(
        _("Who is affected by what I do? (citizens, colleagues, the zone, me)"), rows=4
    )


class ValuesStepForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in Value.choices:
            self.fields[f"pull_{value}"] = forms.ChoiceField(
                label=label, choices=PULL_CHOICES, required=False
            )


class OptionsStepForm(forms.Form):
    ROWS = 3

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(self.ROWS):
            n = i + 1
            self.fields[f"opt_{i}"] = forms.CharField(
                label=_("Option %(n)s") % {"n": n}, max_length=500, required=False
            )
            self.fields[f"consequences_{i}"] = _text(
                _("Consequences of option %(n)s") % {"n": n}, rows=2
            )
            self.fields[f"legal_{i}"] = forms.ChoiceField(
                label=_("Is option %(n)s within the law and the rules?") % {"n": n},
                choices=LEGAL_CHOICES,
                required=False,
            )

    def rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"opt_{i}"], self[f"consequences_{i}"], self[f"legal_{i}"])
            for i in range(self.ROWS)
        ]


class ChoiceStepForm(forms.Form):
    choice = forms.CharField(label=_("I do ..."), max_length=500, required=False)
    because = _text(_("because ..."), rows=2)
    despite = _text(_("despite ..."), rows=2)


class DamageStepForm(forms.Form):
    damage = _text(
        _("How do I limit the damage of my choice? Who do I tell, what do I repair?"), rows=4
    )


class TalkStepForm(forms.Form):
    talk_to = _text(_("Who will I talk to, and when?"), rows=3)


WALK_STEPS: list[tuple[str, Any, type[forms.Form]]] = [
    ("facts", _("The facts"), FactsForm),
    ("dilemma", _("The dilemma"), DilemmaStepForm),
    ("affected", _("Who is affected"), AffectedForm),
    ("values", _("The values"), ValuesStepForm),
    ("options", _("Options and the law"), OptionsStepForm),
    ("choice", _("My choice"), ChoiceStepForm),
    ("damage", _("Limit the damage"), DamageStepForm),
    ("talk", _("Who to talk to"), TalkStepForm),
]


class ShareForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Share with"), queryset=Person.objects.none(), widget=PersonPicker(multiple=False)
    )

    def __init__(self, *args: Any, owner: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        picker_field(
            self.fields["person"],
            Person.objects.filter(zone_id=owner.zone_id, is_active=True)
            .exclude(pk=owner.pk)
            .select_related("service"),
        )


# --- Conversation sheets -------------------------------------------------------------------------


class SheetForm(TokenMixin, forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    about = _text(_("What is it about? (for yourself)"), rows=2, max_length=1000)

    def __init__(self, *args: Any, steps: list[tuple[Any, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **self._with_token(kwargs))
        for i, (title, _hint) in enumerate(steps):
            self.fields[f"step_{i}"] = _text(title, rows=3)

    def step_fields(self, steps: list[tuple[Any, Any]]) -> list[tuple[int, Any, Any]]:
        return [(i + 1, hint, self[f"step_{i}"]) for i, (_title, hint) in enumerate(steps)]


# --- Trainings -----------------------------------------------------------------------------------


class SessionForm(TokenMixin, forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=200)
    service = forms.ModelChoiceField(
        label=_("For which service"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=_("Zone-wide or no service"),
    )
    mode = forms.ChoiceField(
        label=_("Mode"), choices=Mode.choices, widget=forms.RadioSelect, initial=Mode.LIVE
    )
    dilemmas = ModelMultipleChoiceField(
        label=_("Dilemmas to discuss"),
        queryset=Dilemma.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    min_group = forms.IntegerField(label=_("Smallest group whose votes are shown"), max_value=50)

    def __init__(self, *args: Any, person: Person, min_group: int, **kwargs: Any) -> None:
        kwargs = self._with_token(kwargs)
        kwargs["initial"].setdefault("min_group", min_group)
        kwargs["initial"].setdefault("service", person.service_id)
        super().__init__(*args, **kwargs)
        service = self.fields["service"]
        assert isinstance(service, forms.ModelChoiceField)
        service.queryset = Service.objects.filter(zone_id=person.zone_id).order_by("name")
        dilemmas = self.fields["dilemmas"]
        assert isinstance(dilemmas, forms.ModelMultipleChoiceField)
        dilemmas.queryset = Dilemma.objects.library_for(person)
        dilemmas.label_from_instance = lambda d: pick(d.title)  # type: ignore[method-assign,assignment]
        min_field = self.fields["min_group"]
        assert isinstance(min_field, forms.IntegerField)
        min_field.min_value = min_group
        min_field.widget.attrs["min"] = min_group
        min_field.validators.append(MinValueValidator(min_group))


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Session code"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_code(self) -> str:
        code = "".join(ch for ch in self.cleaned_data["code"] if ch.isdigit())
        if len(code) != 6:
            raise forms.ValidationError(_("A session code has six digits."))
        return code
