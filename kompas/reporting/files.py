"""Attachments: checked on their content, stripped of metadata, then stored encrypted.

A photo's EXIF block can hold the camera, the owner's name and the GPS position; a PDF's info
dictionary the author and the software. Both would betray an anonymous reporter, so images are
re-encoded without metadata and PDFs rewritten without their information and XMP blocks before
they are encrypted with the case key. Only JPEG, PNG, PDF and plain text are accepted.
"""

from __future__ import annotations

import io
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kompas.reporting import crypto

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
TYPES = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "application/pdf": ".pdf",
    "text/plain": ".txt",
}


@dataclass(frozen=True)
class CleanFile:
    name: str
    content_type: str
    data: bytes


def sniff(data: bytes) -> str | None:
    """The type the content itself shows, whatever the file is called."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.lstrip()[:5] == b"%PDF-":
        return "application/pdf"
    if b"\x00" not in data:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return "text/plain"
    return None


def _strip_image(data: bytes, kind: str) -> bytes:
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as image:
        image.load()
        upright = ImageOps.exif_transpose(image)  # keep the orientation, drop the EXIF block
        if upright.mode not in ("RGB", "RGBA", "L", "LA"):
            upright = upright.convert("RGBA" if kind == "image/png" else "RGB")
        # Only the pixels go across: no EXIF, XMP, ICC, comments or text chunks.
        clean = Image.frombytes(upright.mode, upright.size, upright.tobytes())
        out = io.BytesIO()
        if kind == "image/jpeg":
            clean.convert("RGB").save(out, format="JPEG", quality=90)
        else:
            clean.save(out, format="PNG")
    return out.getvalue()


def _strip_pdf(data: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise ValidationError(_("Password-protected PDF files cannot be accepted."))
    writer = PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    root = writer._root_object  # the XMP metadata stream hangs off the document catalogue
    for key in ("/Metadata", "/PieceInfo"):
        if key in root:
            del root[key]
    writer._info = None  # no /Info dictionary: no author, producer, dates
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def clean(name: str, data: bytes) -> CleanFile:
    """Check one uploaded file and return it without metadata, or raise a clear error."""
    if len(data) > MAX_BYTES:
        raise ValidationError(_("%(name)s is larger than 10 MB.") % {"name": name})
    kind = sniff(data)
    if kind is None:
        raise ValidationError(
            _("%(name)s is not a photo (JPEG, PNG), a PDF or a text file.") % {"name": name}
        )
    try:
        if kind.startswith("image/"):
            data = _strip_image(data, kind)
        elif kind == "application/pdf":
            data = _strip_pdf(data)
    except ValidationError:
        raise
    except Exception as exc:  # a damaged or disguised file: refuse it, whatever broke
        raise ValidationError(
            _("%(name)s cannot be read. Is the file damaged?") % {"name": name}
        ) from exc
    stem = Path(name).stem[:100] or "file"
    return CleanFile(name=stem + TYPES[kind], content_type=kind, data=data)


def media_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "reports"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def write_encrypted(case_key: bytes, data: bytes) -> str:
    """Store the encrypted bytes under a fresh random name; returns the name."""
    stored_name = secrets.token_hex(24)
    fd = os.open(media_dir() / stored_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(crypto.encrypt(case_key, data))
        handle.flush()
        os.fsync(handle.fileno())
    return stored_name


def read_decrypted(case_key: bytes, stored_name: str) -> bytes:
    return crypto.decrypt(case_key, (media_dir() / stored_name).read_bytes())


def remove(stored_name: str) -> None:
    (media_dir() / stored_name).unlink(missing_ok=True)
