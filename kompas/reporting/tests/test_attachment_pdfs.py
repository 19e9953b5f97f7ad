"""A PDF keeps its pages and loses, in every object, what could name its author, device or place:
XMP packets, annotation authors, /PieceInfo, dates, the document /ID and /Info, and the EXIF,
ICC profile and comment of the photos inside it."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, PdfObject, StreamObject

from kompas.reporting.files import clean
from kompas.reporting.tests import pdfs

TRACES = [pdfs.REPORTER, b"ReporterPhoneMaker", b"MelderOffice", b"kompasid", b"6b6f6d7061736964"]


def every_object(data: bytes) -> Iterator[PdfObject]:
    """Every object of the file, and every dictionary and array inside each."""
    reader = PdfReader(io.BytesIO(data))
    numbers = {number for numbers in reader.xref.values() for number in numbers}
    stack: list[Any] = [reader.get_object(number) for number in sorted(numbers)]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, DictionaryObject):
            stack.extend(v for k, v in node.items() if not hasattr(v, "idnum"))
        elif isinstance(node, ArrayObject):
            stack.extend(v for v in node if not hasattr(v, "idnum"))


def unpacked(data: bytes) -> bytes:
    """The file's bytes with every stream decoded, so that nothing hides in a compressed one."""
    streams = [n.get_data() for n in every_object(data) if isinstance(n, StreamObject)]
    return data + b"".join(streams)


def the_photo_inside(data: bytes) -> bytes:
    page: Any = PdfReader(io.BytesIO(data)).pages[0]
    return page["/Resources"]["/XObject"]["/Im0"].get_data()


@pytest.fixture(scope="module")
def original() -> bytes:
    return pdfs.report_with_everything_that_betrays_its_author()


@pytest.fixture(scope="module")
def cleaned(original: bytes) -> bytes:
    return clean("verslag.pdf", original).data


def test_the_test_file_does_carry_the_reporters_traces(original: bytes) -> None:
    with Image.open(io.BytesIO(the_photo_inside(original))) as photo:
        assert photo.getexif().get_ifd(0x8825)  # GPS
        assert photo.info.get("icc_profile") and photo.info.get("comment")
    for trace in TRACES[:3]:
        assert trace in original
    keys = {k for n in every_object(original) if isinstance(n, DictionaryObject) for k in n}
    assert {"/Metadata", "/PieceInfo", "/LastModified", "/T", "/NM"} <= keys
    assert {"/ID", "/Info"} <= set(PdfReader(io.BytesIO(original)).trailer)


def test_no_trace_of_the_reporter_is_left_in_any_byte_or_stream(cleaned: bytes) -> None:
    everything = unpacked(cleaned)
    for trace in TRACES:
        assert trace not in everything, trace


def test_no_object_keeps_metadata_dates_or_an_annotation_author(cleaned: bytes) -> None:
    for node in every_object(cleaned):
        if isinstance(node, DictionaryObject):
            assert not {"/Metadata", "/PieceInfo", "/LastModified", "/Info"} & set(node), node
            if node.get("/Type") == "/Annot":
                assert not {"/T", "/M", "/CreationDate", "/NM"} & set(node), node


def test_the_document_has_neither_an_information_dictionary_nor_an_identifier(
    cleaned: bytes,
) -> None:
    reader = PdfReader(io.BytesIO(cleaned))
    assert "/Info" not in reader.trailer and "/ID" not in reader.trailer
    assert reader.metadata is None
    assert b"/ID" not in cleaned and b"/Info" not in cleaned


def test_the_photo_inside_is_re_encoded_without_exif_icc_profile_or_comment(
    cleaned: bytes,
) -> None:
    photo_data = the_photo_inside(cleaned)
    with Image.open(io.BytesIO(photo_data)) as photo:
        assert photo.size == (40, 30)
        assert not photo.getexif()
        assert "icc_profile" not in photo.info and "comment" not in photo.info
        pixel: Any = photo.convert("RGB").getpixel((20, 15))
        red, green, blue = pixel
        assert red > 150 and green < 80 and blue < 80
    assert b"Exif" not in photo_data and b"ICC_PROFILE" not in photo_data


def test_the_page_text_and_the_annotation_text_survive(cleaned: bytes) -> None:
    reader = PdfReader(io.BytesIO(cleaned))
    assert len(reader.pages) == 1
    page: Any = reader.pages[0]
    assert pdfs.PAGE_TEXT in page.extract_text()
    note = page["/Annots"][0].get_object()
    assert note["/Contents"] == "zie hier"


def test_an_icc_profile_gives_way_to_the_plain_colour_space() -> None:
    original = pdfs.with_an_icc_profile()
    assert pdfs.REPORTER in original
    cleaned = clean("kleuren.pdf", original).data
    assert pdfs.REPORTER not in unpacked(cleaned)
    page: Any = PdfReader(io.BytesIO(cleaned)).pages[0]
    image = page["/Resources"]["/XObject"]["/Im0"]
    assert image["/ColorSpace"] == "/DeviceRGB"
    assert image.get_data() == b"\xff\x00\x00\x00\xff\x00"


def test_a_pdf_with_a_file_inside_it_is_refused_rather_than_stored_uncleaned() -> None:
    with pytest.raises(ValidationError, match=r"bijlage\.pdf") as refused:
        clean("bijlage.pdf", pdfs.with_a_file_inside())
    assert "cannot be removed safely" in str(refused.value) or "veilig" in str(refused.value)


def test_a_signature_loses_its_signer_and_the_page_is_kept() -> None:
    original = pdfs.signed_by_the_reporter()
    cleaned = clean("getekend.pdf", original).data
    assert pdfs.REPORTER not in unpacked(cleaned) and b"Gent" not in unpacked(cleaned)
    page: Any = PdfReader(io.BytesIO(cleaned)).pages[0]
    widget = page["/Annots"][0].get_object()
    assert "/V" not in widget and widget["/FT"] == "/Sig"


def test_a_small_inline_image_is_kept_but_an_inline_photo_is_refused() -> None:
    grey = pdfs.with_an_inline_image(b"/W 2 /H 1 /BPC 8 /CS /G", b"\x80\x40")
    assert b"\x80\x40" in unpacked(clean("grijs.pdf", grey).data)
    photo = pdfs.with_an_inline_image(
        b"/W 40 /H 30 /BPC 8 /CS /RGB /F /DCT", pdfs.photo_from_the_reporters_phone()
    )
    with pytest.raises(ValidationError, match=r"inline\.pdf"):
        clean("inline.pdf", photo)
