"""One voice: the compass speaks to the reader as the rest of Kompas does, "u" in Dutch and
"vous" in French, never "je/jij/jouw" or "tu/ton/ta". Checked in every text a compass page can
show: its templates' and its code's texts as the catalogues translate them, the built-in value
texts and the starter dilemmas; and on starter dilemmas already in a database (migration 0004),
which rewrites only texts nobody changed."""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polib
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kompas.compass.starter import STARTER
from kompas.compass.texts import BUILT_IN
from kompas.lib.compilemessages import LOCALE_DIR
from kompas.lib.template_messages import messages_of

COMPASS = Path(__file__).resolve().parents[1]

# The informal forms of address. Dutch "je" is always the reader (or "you" in general), never
# "I"; French "je" is "I" and fine, "tu", "te", "t'" and the possessives are not.
INFORMAL = {
    "nl": re.compile(r"\b(je|jij|jou|jouw|jouwe|jezelf|jijzelf|jullie)\b", re.IGNORECASE),
    "fr": re.compile(
        r"\b(tu|toi|toi-même|te|ton|ta|tes|tien|tienne|tiens|tiennes)\b|\bt['\u2019]",
        re.IGNORECASE,
    ),
}

GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy"}
PGETTEXT = {"pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}


def informal(text: str, language: str) -> list[str]:
    return [m.group(0) for m in INFORMAL[language].finditer(text)]


def compass_messages() -> set[tuple[str | None, str]]:
    """(context, msgid) of every text of the compass's templates and code."""
    found: set[tuple[str | None, str]] = set()
    for path in sorted(COMPASS.rglob("jinja2/**/*.html")):
        found |= {(context, msgid) for context, msgid, _plural in messages_of(path.read_text())}
    for path in sorted(COMPASS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            texts = [
                a.value
                for a in node.args
                if isinstance(a, ast.Constant) and isinstance(a.value, str)
            ]
            if name in GETTEXT and texts:
                found.add((None, texts[0]))
            elif name in PGETTEXT and len(texts) >= 2:
                found.add((texts[0], texts[1]))
    return found


def translated(language: str) -> Iterator[tuple[str, str]]:
    """(where, text) of the compass's interface texts in ``language``."""
    catalogue = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))
    entries = {(entry.msgctxt, entry.msgid): entry for entry in catalogue}
    for key in sorted(compass_messages(), key=lambda k: (k[1], k[0] or "")):
        entry = entries.get(key)
        if entry is None:
            continue  # a missing text is test_template_messages' to report
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            yield f"catalogue: {key[1]}", text


def starter_texts(entry: dict[str, Any]) -> Iterator[tuple[str, dict[str, str]]]:
    yield "title", entry["title"]
    yield "situation", entry["situation"]
    for i, voice in enumerate(entry["perspectives"]):
        yield f"voice {i}", voice["who"]
        yield f"voice {i} says", voice["view"]
    for i, option in enumerate(entry["options"]):
        yield f"option {i}", option["text"]
    yield "reflection", entry["reflection"]


def built_in(language: str) -> Iterator[tuple[str, str]]:
    for value, languages in BUILT_IN.items():
        for text in languages[language]:
            yield f"value {value}", text
    for entry in STARTER:
        for part, texts in starter_texts(entry):
            yield f"dilemma {entry['key']}, {part}", texts[language]


def test_the_check_tells_the_informal_forms_from_the_rest() -> None:
    assert informal("Wat zou jij doen? Je koos A, jouw keuze telt.", "nl") == ["jij", "Je", "jouw"]
    assert informal("Ik doe wat ik beloof. Het meisje kent u. Wat zou u doen?", "nl") == []
    assert informal("Ton mot de passe ? Je te le dis, t'as vu.", "fr") == ["Ton", "te", "t'"]
    assert informal("Je parle clairement. Votre choix compte ; tenez-vous prêt.", "fr") == []


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_every_compass_page_addresses_the_reader_formally(language: str) -> None:
    texts = list(translated(language))
    assert len(texts) > 250  # every page's texts, not a handful
    found = [(where, text) for where, text in texts if informal(text, language)]
    assert found == []


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_the_built_in_values_and_dilemmas_address_the_reader_formally(language: str) -> None:
    found = [(where, text) for where, text in built_in(language) if informal(text, language)]
    assert found == []


# --- The starter dilemmas already in a database ---------------------------------------------------

BEFORE = [("compass", "0003_tallies_instead_of_votes")]
AFTER = [("compass", "0004_starter_in_one_voice")]


upgrade = importlib.import_module("kompas.compass.migrations.0004_starter_in_one_voice")


def migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_upgrade_rewrites_the_starter_texts_nobody_changed_and_keeps_the_rest() -> None:
    try:
        rewrite_and_back()
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def rewrite_and_back() -> None:
    apps = migrate(BEFORE)
    Dilemma = apps.get_model("compass", "Dilemma")
    # A database from before the upgrade: the starter texts as Kompas shipped them then.
    cousin = Dilemma.objects.get(zone__isnull=True, key="cousin-speeding")
    old_title = "Je neef aan het stuur"
    new_title = upgrade.TEXTS["nl"][old_title]
    cousin.title = {**cousin.title, "nl": old_title}
    cousin.save()
    password = Dilemma.objects.get(zone__isnull=True, key="shared-password")
    password.title = {"nl": "Mag ik je wachtwoord?", "fr": "Ton mot de passe ?", "en": "Mine?"}
    password.save()
    # Somebody rewrote this one by hand: it is not Kompas's text any more, and stays.
    selection = Dilemma.objects.get(zone__isnull=True, key="friend-in-selection")
    old_situation = next(
        old for old in upgrade.TEXTS["nl"] if old.startswith("Je zetelt in de selectie")
    )
    edited = old_situation + " Hij weet het nog niet."
    selection.situation = {**selection.situation, "nl": edited}
    selection.save()

    apps = migrate(AFTER)
    Dilemma = apps.get_model("compass", "Dilemma")
    cousin = Dilemma.objects.get(pk=cousin.pk)
    assert cousin.title["nl"] == new_title == "Uw neef aan het stuur"
    assert cousin.title["fr"] == "Votre cousin au volant"
    password = Dilemma.objects.get(pk=password.pk)
    assert password.title == {
        "nl": "Uw wachtwoord uitlenen?",
        "fr": "Prêter votre mot de passe ?",
        "en": "Mine?",  # not the text Kompas shipped: left alone
    }
    assert Dilemma.objects.get(pk=selection.pk).situation["nl"] == edited

    apps = migrate(BEFORE)
    Dilemma = apps.get_model("compass", "Dilemma")
    assert Dilemma.objects.get(pk=cousin.pk).title["nl"] == old_title
    assert Dilemma.objects.get(pk=selection.pk).situation["nl"] == edited


def test_the_upgrade_knows_every_text_that_changed() -> None:
    """Each rewritten text is the one the starter set now holds, in one voice."""
    now = {
        language: {texts[language] for entry in STARTER for _part, texts in starter_texts(entry)}
        for language in ("nl", "fr", "en")
    }
    for language, texts in upgrade.TEXTS.items():
        for old, new in texts.items():
            assert new in now[language] and old not in now[language], (language, new)
            if language != "en":
                assert informal(old, language) and not informal(new, language), new
