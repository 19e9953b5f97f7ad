"""Attachments: checked on their content, stripped of metadata, then stored encrypted.

A photo's EXIF block can hold the camera, the owner's name and the GPS position; a PDF can hold
the author, the software, XMP packets on any object, annotation authors, document identifiers and
embedded photos with their own EXIF. Images are re-encoded from their pixels alone, and PDFs are
rebuilt from their pages with every such detail removed, then read again to check that none is
left. A file that cannot be cleaned, or that would take a worker's memory or time (a decompression
bomb), is refused with a clear message; sizes are read from the headers before anything is
decoded. Only JPEG, PNG, PDF and plain text are accepted.

The files' own times would tell when an anonymous report was filed, so every file is written with
the midnight of its day as its times, and `restamp` moves a file to a new inode so that a daily
batch gives every file's change time the batch's hour.
"""

from __future__ import annotations

import io
import os
import re
import secrets
import struct
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from kompas.reporting import crypto

if TYPE_CHECKING:
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, PdfObject, StreamObject

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
TYPES = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "application/pdf": ".pdf",
    "text/plain": ".txt",
}

# A phone's full-resolution photo is at most 50 MP (8192 x 6144). Pillow keeps four bytes a
# pixel, so 60 MP take 240 MB decoded, and cleaning holds two copies.
MAX_PIXELS = 60_000_000
MAX_PDF_PAGES = 1_000
MAX_PDF_OBJECTS = 100_000
# 200 inches (5.08 m), the largest page PDF readers draw; A0 is 33 x 47 inches.
MAX_PAGE_POINTS = 14_400
# Photos and scans re-encoded in one PDF; each is also held to MAX_PIXELS.
MAX_PDF_PIXELS = 5 * MAX_PIXELS
# Page contents unpacked to look for inline images.
MAX_PDF_UNPACKED = 200 * 1024 * 1024

# Keys that say who made a PDF object, with what, when: removed wherever they are.
PDF_METADATA_KEYS = ("/Metadata", "/PieceInfo", "/LastModified", "/OPI", "/OutputIntents")
# On a page: its thumbnail (an image of its own), article beads (their thread carries an
# information dictionary) and a web capture's identifier.
PDF_PAGE_KEYS = ("/Thumb", "/B", "/ID")
# On an annotation: the author, the dates and the unique name some programs derive from them.
PDF_ANNOTATION_KEYS = ("/T", "/M", "/CreationDate", "/NM")
# An inline image: its short header (BI <settings> ID) and what that header may say.
INLINE_IMAGE = re.compile(rb"\bBI\s*(/.{0,4096}?)\sID\s", re.DOTALL)
INLINE_PHOTO = re.compile(rb"/(?:DCT|DCTDecode|JPX|JPXDecode)\b")
INLINE_WIDTH = re.compile(rb"/(?:W|Width)\s+(\d+)")
INLINE_HEIGHT = re.compile(rb"/(?:H|Height)\s+(\d+)")
PDF_DEVICE_SPACES = {1: "/DeviceGray", 3: "/DeviceRGB", 4: "/DeviceCMYK"}
JPEG_MODES = ("L", "RGB")
PNG_MODES = ("RGB", "RGBA", "L", "LA")

# What the readers of attachments warn about (a damaged PDF, an odd image) would be a timed line
# on the server's error output at the moment a report with that file came in (their loggers are
# silenced in settings.LOGGING).
warnings.filterwarnings("ignore", module=r"(pypdf|PIL)(\.|$)")


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


def _check_pixels(name: str, width: int, height: int) -> None:
    if width <= 0 or height <= 0:
        raise ValueError("an image without pixels")
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _(
                "%(name)s holds an image of %(width)s by %(height)s pixels; at most %(limit)s "
                "megapixels are accepted. Send a smaller copy."
            )
            % {"name": name, "width": width, "height": height, "limit": MAX_PIXELS // 1_000_000}
        )


def _dimensions(data: bytes) -> tuple[int, int]:
    """Width and height as a PNG's or JPEG's header states them, read here rather than by
    Pillow (which warns first, then decodes whatever the header claims)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    i = 2 if data.startswith(b"\xff\xd8") else len(data)
    while i + 9 <= len(data) and data[i] == 0xFF:
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
        elif 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # start of frame
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height
        else:
            i += 2 + int.from_bytes(data[i + 2 : i + 4], "big")
    raise ValueError("no image header")


def _strip_image(name: str, data: bytes, kind: str) -> bytes:
    from PIL import Image, ImageOps

    size = _dimensions(data)
    _check_pixels(name, *size)  # nothing is decoded yet
    with Image.open(io.BytesIO(data), formats=["JPEG" if kind == "image/jpeg" else "PNG"]) as image:
        if image.size != size:
            raise ValueError("two headers")
        ImageOps.exif_transpose(image, in_place=True)  # keep the orientation, drop the EXIF block
        modes = JPEG_MODES if kind == "image/jpeg" else PNG_MODES
        pixels = image if image.mode in modes else image.convert(modes[-1])
        # Only the pixels go across: no EXIF, XMP, ICC, comments or text chunks.
        clean = Image.new(pixels.mode, pixels.size)
        clean.paste(pixels)
        del pixels
    out = io.BytesIO()
    if kind == "image/jpeg":
        clean.save(out, format="JPEG", quality=90)
    else:
        clean.save(out, format="PNG")
    return out.getvalue()


def _pdf_too_large(name: str) -> ValidationError:
    return ValidationError(
        _(
            "%(name)s is too large to check: at most %(pages)s pages and %(parts)s parts, "
            "without pages larger than 5 metres. Split it or send a smaller copy."
        )
        % {"name": name, "pages": MAX_PDF_PAGES, "parts": MAX_PDF_OBJECTS}
    )


def _pdf_not_cleanable(name: str) -> ValidationError:
    return ValidationError(
        _(
            "%(name)s holds details that cannot be removed safely (such as files or signatures "
            "inside it). Print it to a new PDF, or send its pages as photos."
        )
        % {"name": name}
    )


def _bare_jpeg(data: bytes) -> bool:
    """Whether a JPEG holds only what drawing it needs: no EXIF, XMP, ICC profile, IPTC,
    comment, second picture or trailer (a JFIF or Adobe header is what encoders write)."""
    if not data.startswith(b"\xff\xd8"):
        return False
    i, end = 2, len(data)
    while i + 2 <= end:
        if data[i] != 0xFF:
            return False
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker == 0xD9:
            return not data[i + 2 :].strip()
        if i + 4 > end:
            return False
        length = int.from_bytes(data[i + 2 : i + 4], "big")
        body = data[i + 4 : i + 2 + length]
        if marker == 0xE0:
            if not body.startswith(b"JFIF\x00"):
                return False
        elif marker == 0xEE:
            if not body.startswith(b"Adobe"):
                return False
        elif not (0xC0 <= marker <= 0xCF and marker != 0xC8) and marker not in (0xDA, 0xDB, 0xDD):
            return False
        i += 2 + length
        if marker == 0xDA:  # entropy-coded data runs to the next marker that is not a restart
            while True:
                i = data.find(b"\xff", i)
                if i < 0 or i + 1 >= end:
                    return False
                following = data[i + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:
                    i += 2
                elif following == 0xFF:
                    i += 1
                else:
                    break
    return False


def _get(node: DictionaryObject, key: str) -> Any:
    """A dictionary's value, followed if it is a reference (dict.get would not)."""
    try:
        return node[key]
    except KeyError:
        return None


def _filters(node: DictionaryObject) -> list[str]:
    value = _get(node, "/Filter")
    if value is None:
        return []
    return [str(item.get_object()) for item in value] if isinstance(value, list) else [str(value)]


class _PdfScrub:
    """Walks a PDF's objects. With `repair`, removes whatever can say who made the file, with
    what, where or when, and re-encodes embedded photos from their pixels; without, only checks
    that nothing of the kind is left and refuses the file otherwise."""

    def __init__(self, name: str, *, repair: bool) -> None:
        self.name = name
        self.repair = repair
        self.seen: set[int] = set()
        self.read: set[int] = set()  # content streams, which pages and forms may share
        self.replaced: dict[int, StreamObject] = {}
        self.pixels = 0
        self.unpacked = 0

    def walk(self, roots: Iterable[PdfObject | None]) -> None:
        from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

        stack = [root.get_object() for root in roots if root is not None]
        while stack:
            node = stack.pop()
            if id(node) in self.seen or not isinstance(node, DictionaryObject | ArrayObject):
                continue
            self.seen.add(id(node))
            if isinstance(node, DictionaryObject):
                self._dictionary(node)
            is_page = isinstance(node, DictionaryObject) and _get(node, "/Type") == "/Page"
            for key, value in list(node.items()):
                if is_page and key == "/Parent":
                    continue  # the page tree is not copied; each page is walked from the list
                target = value.get_object() if isinstance(value, IndirectObject) else value
                if isinstance(target, ArrayObject) and target and target[0] == "/ICCBased":
                    # An ICC profile names the device or the software that made it.
                    self._found()
                    node[key] = self._device_space(target)
                    continue
                if isinstance(target, StreamObject) and _get(target, "/Subtype") == "/Image":
                    fresh = self._image(target)
                    if fresh is not None:
                        node[key] = target = fresh
                stack.append(target)

    def _found(self) -> None:
        if not self.repair:
            raise _pdf_not_cleanable(self.name)

    def _dictionary(self, node: DictionaryObject) -> None:
        from pypdf.generic import StreamObject

        kind, subtype = _get(node, "/Type"), _get(node, "/Subtype")
        if "/EF" in node or kind in ("/EmbeddedFile", "/Sig") or "/ByteRange" in node:
            raise _pdf_not_cleanable(self.name)  # a file or a signature inside the file
        keys = [key for key in PDF_METADATA_KEYS if key in node]
        if kind == "/Page":
            keys += [key for key in PDF_PAGE_KEYS if key in node]
            self._contents(_get(node, "/Contents"))
        if kind == "/Annot" or (subtype is not None and "/Rect" in node):
            keys += [key for key in PDF_ANNOTATION_KEYS if key in node]
        if _get(node, "/FT") == "/Sig" and "/V" in node:
            keys.append("/V")  # the signature: its certificate names the signer
        if keys:
            self._found()
            for key in keys:
                del node[key]
        if subtype == "/Image" and isinstance(node, StreamObject):
            self._image_size(node)
            filters = _filters(node)
            if not self.repair and (
                "/JPXDecode" in filters
                or ("/DCTDecode" in filters and not _bare_jpeg(node.get_data()))
            ):
                raise _pdf_not_cleanable(self.name)
        if isinstance(node, StreamObject) and "/BBox" in node:  # a form or a pattern
            self._contents(node)
        if subtype == "/Type3" and "/CharProcs" in node:
            for procedure in _get(node, "/CharProcs").values():
                self._contents(procedure)

    def _image_size(self, image: DictionaryObject) -> None:
        _check_pixels(self.name, int(_get(image, "/Width")), int(_get(image, "/Height")))

    def _image(self, image: StreamObject) -> StreamObject | None:
        """A photo or scan re-encoded from its pixels alone; None for images kept as they are
        (raw pixels, fax or JBIG2 data carry no metadata)."""
        from PIL import Image
        from pypdf.generic import DecodedStreamObject, NameObject, NumberObject

        filters = _filters(image)
        if not self.repair or not filters or filters[-1] not in ("/DCTDecode", "/JPXDecode"):
            return None
        if id(image) in self.replaced:
            return self.replaced[id(image)]
        self._image_size(image)
        jpx = filters[-1] == "/JPXDecode"
        encoded = image.get_data()  # the other filters undone; pypdf leaves DCT and JPX as they are
        if not jpx:
            _check_pixels(self.name, *_dimensions(encoded))
        with Image.open(io.BytesIO(encoded), formats=["JPEG2000" if jpx else "JPEG"]) as picture:
            _check_pixels(self.name, *picture.size)
            self.pixels += picture.size[0] * picture.size[1]
            if self.pixels > MAX_PDF_PIXELS:
                raise _pdf_too_large(self.name)
            modes = ("L", "RGB") if jpx else ("L", "RGB", "CMYK")
            if picture.mode not in modes or (jpx and _get(image, "/SMaskInData")):
                raise _pdf_not_cleanable(self.name)
            clean = Image.new(picture.mode, picture.size)
            clean.paste(picture)
        out = io.BytesIO()
        clean.save(out, format="JPEG", quality=90)
        fresh = DecodedStreamObject()
        fresh.set_data(out.getvalue())
        for key, value in image.items():
            if key not in ("/Filter", "/DecodeParms", "/Length", "/SMaskInData"):
                fresh[key] = value
        fresh[NameObject("/Filter")] = NameObject("/DCTDecode")
        if jpx:  # the colours were the JPEG 2000 file's own
            fresh[NameObject("/BitsPerComponent")] = NumberObject(8)
            if "/ColorSpace" not in fresh:
                fresh[NameObject("/ColorSpace")] = NameObject(
                    "/DeviceGray" if clean.mode == "L" else "/DeviceRGB"
                )
        self.replaced[id(image)] = fresh
        return fresh

    def _device_space(self, icc: ArrayObject) -> PdfObject:
        from pypdf.generic import NameObject

        profile: Any = icc[1].get_object()
        space = PDF_DEVICE_SPACES.get(int(profile["/N"]))
        if space is None:
            raise _pdf_not_cleanable(self.name)
        return NameObject(space)

    def _contents(self, contents: PdfObject | None) -> None:
        """Inline images sit in a page's drawing instructions, not in objects of their own; a
        photo among them cannot be re-encoded here, so such a file is refused."""
        from pypdf.generic import ArrayObject, StreamObject

        if contents is None:
            return
        contents = contents.get_object()
        streams = list(contents) if isinstance(contents, ArrayObject) else [contents]
        for item in streams:
            stream = item.get_object()
            if not isinstance(stream, StreamObject) or id(stream) in self.read:
                continue
            self.read.add(id(stream))
            data = stream.get_data()
            self.unpacked += len(data)
            if self.unpacked > MAX_PDF_UNPACKED:
                raise _pdf_too_large(self.name)
            stream.decoded_self = None  # keep one copy of the contents, not two
            # Only an inline image's short header is read (BI <settings> ID): parsing whole
            # contents in Python would take seconds a megabyte.
            for match in INLINE_IMAGE.finditer(data):
                settings = match.group(1)
                if INLINE_PHOTO.search(settings):
                    raise _pdf_not_cleanable(self.name)
                width, height = INLINE_WIDTH.search(settings), INLINE_HEIGHT.search(settings)
                if width and height:
                    _check_pixels(self.name, int(width.group(1)), int(height.group(1)))


def _read_pdf(name: str, data: bytes) -> PdfReader:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), xref_stream_maximum_entries=MAX_PDF_OBJECTS)
    if reader.is_encrypted:
        raise ValidationError(_("Password-protected PDF files cannot be accepted."))
    objects = sum(len(numbers) for numbers in reader.xref.values()) + len(reader.xref_objStm)
    if objects > MAX_PDF_OBJECTS or len(reader.pages) > MAX_PDF_PAGES:
        raise _pdf_too_large(name)
    return reader


def _strip_pdf(name: str, data: bytes) -> bytes:
    from pypdf import PdfWriter, apply_configuration

    # Tighter than pypdf's own limits, so that a page tree cannot make many more pages than
    # MAX_PDF_PAGES before they are counted.
    with apply_configuration(page_tree_maximum_entries=2 * MAX_PDF_PAGES + 100):
        reader = _read_pdf(name, data)
        for page in reader.pages:
            box = page.mediabox
            unit = float(page.user_unit)
            if not (
                abs(float(box.width)) * unit <= MAX_PAGE_POINTS
                and abs(float(box.height)) * unit <= MAX_PAGE_POINTS
            ):
                raise _pdf_too_large(name)
        _PdfScrub(name, repair=True).walk(reader.pages)
        # Only the pages go across: not the catalogue's XMP, outline, forms, attached files or
        # scripts; the writer adds no information dictionary (metadata None) and no /ID.
        writer = PdfWriter()
        for page in reader.pages:
            writer.add_page(page)
        writer.metadata = None
        writer.compress_identical_objects()
        out = io.BytesIO()
        writer.write(out)
        cleaned = out.getvalue()

        check = _read_pdf(name, cleaned)
        if "/Info" in check.trailer or "/ID" in check.trailer:
            raise _pdf_not_cleanable(name)
        numbers = {number for numbers in check.xref.values() for number in numbers}
        _PdfScrub(name, repair=False).walk(
            check.get_object(number) for number in sorted(numbers | set(check.xref_objStm))
        )
    return cleaned


def clean(name: str, data: bytes) -> CleanFile:
    """Check one uploaded file and return it without metadata, or raise a clear error."""
    from PIL import Image
    from pypdf.errors import LimitReachedError

    if len(data) > MAX_BYTES:
        raise ValidationError(_("%(name)s is larger than 10 MB.") % {"name": name})
    kind = sniff(data)
    if kind is None:
        raise ValidationError(
            _("%(name)s is not a photo (JPEG, PNG), a PDF or a text file.") % {"name": name}
        )
    try:
        if kind.startswith("image/"):
            data = _strip_image(name, data, kind)
        elif kind == "application/pdf":
            data = _strip_pdf(name, data)
    except ValidationError:
        raise
    except (LimitReachedError, Image.DecompressionBombError) as exc:
        raise _pdf_too_large(name) from exc
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


def _midnight(day: date) -> float:
    """The first second of the day in the zone's time zone, as a file time."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone()).timestamp()


def _today_at_midnight() -> float:
    return _midnight(timezone.localdate())


def _cover_folder() -> None:
    """A new or removed file sets the folder's time to the moment; the day is all it tells."""
    midnight = _today_at_midnight()
    os.utime(media_dir(), (midnight, midnight))


def write_encrypted(case_key: bytes, data: bytes) -> str:
    """Store the encrypted bytes under a fresh random name; returns the name. The file's access
    and modification times are the midnight of the day, not the minute of the report."""
    stored_name = secrets.token_hex(24)
    fd = os.open(media_dir() / stored_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(crypto.encrypt(case_key, data))
        handle.flush()
        midnight = _today_at_midnight()
        os.utime(handle.fileno(), (midnight, midnight))
        os.fsync(handle.fileno())
    _cover_folder()
    return stored_name


def restamp(stored_name: str) -> None:
    """Rewrite a stored file to a new inode with the same bytes and the midnight of its day as
    its times. A file's change time (ctime) cannot be set; after a daily batch restamps every
    file, each one's change time is the batch's, not the moment its report was filed."""
    path = media_dir() / stored_name
    midnight = _midnight(
        datetime.fromtimestamp(path.stat().st_mtime, timezone.get_default_timezone()).date()
    )
    temporary = path.with_name(f".{stored_name}.{secrets.token_hex(8)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(path.read_bytes())
            handle.flush()
            os.utime(handle.fileno(), (midnight, midnight))
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    folder = os.open(media_dir(), os.O_RDONLY)
    try:
        os.fsync(folder)  # the new name survives a crash
    finally:
        os.close(folder)
    _cover_folder()


def read_decrypted(case_key: bytes, stored_name: str) -> bytes:
    # O_NOATIME: a handler's or the reporter's download does not set the file's access time.
    fd = os.open(media_dir() / stored_name, os.O_RDONLY | getattr(os, "O_NOATIME", 0))
    with os.fdopen(fd, "rb") as handle:
        return crypto.decrypt(case_key, handle.read())


def remove(stored_name: str) -> None:
    (media_dir() / stored_name).unlink(missing_ok=True)
    _cover_folder()
