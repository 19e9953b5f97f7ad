"""Compile the .po catalogues into .mo files with polib, so no GNU gettext is needed to build.

``python -m kompas.lib.compilemessages`` rewrites every kompas/locale/*/LC_MESSAGES/django.mo.
"""

from __future__ import annotations

from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def compiled(po_path: Path) -> bytes:
    catalogue = polib.pofile(str(po_path))
    out = po_path.with_suffix(".tmp.mo")
    try:
        catalogue.save_as_mofile(str(out))
        return out.read_bytes()
    finally:
        out.unlink(missing_ok=True)


def main() -> None:
    for po_path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po")):
        po_path.with_suffix(".mo").write_bytes(compiled(po_path))
        print(f"compiled {po_path.relative_to(LOCALE_DIR.parent)}")


if __name__ == "__main__":
    main()
