"""The nl, fr and en catalogues are complete, and the compiled files match them."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from kompas.lib.compilemessages import LOCALE_DIR, compiled

CATALOGUES = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po"))


def test_there_is_a_catalogue_for_each_language() -> None:
    assert sorted(path.parts[-3] for path in CATALOGUES) == ["en", "fr", "nl"]


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_every_string_is_translated(po_path: Path) -> None:
    catalogue = polib.pofile(str(po_path))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    for entry in catalogue:
        placeholders = sorted(_placeholders(entry.msgid))
        translated = entry.msgstr or entry.msgstr_plural.get(0, "")
        assert sorted(_placeholders(translated)) == placeholders, entry.msgid


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_the_compiled_catalogue_is_up_to_date(po_path: Path) -> None:
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), "run: make messages"
    assert mo_path.read_bytes() == compiled(po_path), "run: make messages"


def _placeholders(text: str) -> list[str]:
    import re

    return re.findall(r"%\([a-z_]+\)s|\{[a-z_]+\}", text)
