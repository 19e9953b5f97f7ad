"""PDF files written byte by byte for the attachment tests, so that each carries exactly the
details a reporter's software could leave in it."""

from __future__ import annotations

import io
import zlib

from PIL import Image

REPORTER = b"Jan Melder"
PAGE_TEXT = "Dienstrooster week 12"


def stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (dictionary, len(data), data)


def pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF whose object 1 is the catalogue; `trailer` adds entries such as /Info and /ID."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\n" % (len(objects) + 1, trailer)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def photo_from_the_reporters_phone(size: tuple[int, int] = (40, 30)) -> bytes:
    """A JPEG as a phone writes it: EXIF with maker, artist and GPS, an ICC profile, a comment."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "ReporterPhoneMaker"  # Make
    exif[0x013B] = REPORTER.decode()  # Artist
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (51.0, 3.0, 0.0)
    out = io.BytesIO()
    image.save(
        out,
        format="JPEG",
        exif=exif.tobytes(),
        icc_profile=b"ICC profile of the phone of " + REPORTER,
        comment=b"taken by " + REPORTER,
    )
    return out.getvalue()


def xmp(who: bytes) -> bytes:
    return stream(
        b"/Type /Metadata /Subtype /XML",
        b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        b"<dc:creator>" + who + b"</dc:creator><exif:GPSLatitude>51,3N</exif:GPSLatitude>"
        b'</x:xmpmeta><?xpacket end="w"?>',
    )


def page(media_box: bytes = b"[0 0 595 842]", extra: bytes = b"") -> bytes:
    return b"<< /Type /Page /Parent 2 0 R /MediaBox %s %s >>" % (media_box, extra)


def report_with_everything_that_betrays_its_author() -> bytes:
    """A page with text and a phone photo, with XMP on the catalogue, the page and the photo, an
    annotation by the reporter, /PieceInfo with dates, a document /ID and an /Info dictionary."""
    photo = photo_from_the_reporters_phone()
    contents = b"BT /F1 12 Tf 72 720 Td (%s) Tj ET q 40 0 0 30 72 600 cm /Im0 Do Q" % (
        PAGE_TEXT.encode()
    )
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /Metadata 8 0 R"
            b" /PieceInfo << /Word << /LastModified (D:20240310154200) /Private 9 0 R >> >> >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            page(
                extra=b"/Resources << /Font << /F1 4 0 R >> /XObject << /Im0 6 0 R >> >>"
                b" /Contents 5 0 R /Annots [7 0 R] /Metadata 10 0 R"
                b" /PieceInfo << /Word << /LastModified (D:20240310154200) /Private 9 0 R >> >>"
                b" /LastModified (D:20240310154200+01'00')"
            ),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            stream(b"", contents),
            stream(
                b"/Type /XObject /Subtype /Image /Width 40 /Height 30 /ColorSpace /DeviceRGB"
                b" /BitsPerComponent 8 /Filter /DCTDecode /Metadata 11 0 R",
                photo,
            ),
            b"<< /Type /Annot /Subtype /Text /Rect [72 500 92 520] /Contents (zie hier)"
            b" /T (" + REPORTER + b") /M (D:20240310154200) /CreationDate (D:20240310154200)"
            b" /NM (" + REPORTER + b"-20240310) >>",
            xmp(REPORTER + b" (catalogue)"),
            stream(b"", b"private data of " + REPORTER),
            xmp(REPORTER + b" (page)"),
            xmp(REPORTER + b" (photo)"),
            b"<< /Author (" + REPORTER + b") /Creator (MelderOffice) /Producer (MelderOffice) >>",
        ],
        trailer=b"/Info 12 0 R /ID [<6b6f6d7061736964> <6b6f6d7061736964>]",
    )


def with_pages(count: int, media_box: bytes = b"[0 0 595 842]") -> bytes:
    kids = b" ".join(b"%d 0 R" % (3 + n) for n in range(count))
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
            *[page(media_box) for _ in range(count)],
        ]
    )


def one_page(extra: bytes, *objects: bytes, media_box: bytes = b"[0 0 595 842]") -> bytes:
    """Catalogue, page tree and one page (objects 1 to 3) with `extra` in the page's dictionary;
    the further objects are numbered from 4."""
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            page(media_box, extra),
            *objects,
        ]
    )


def with_objects(count: int) -> bytes:
    """One page, and `count` further objects that nothing needs."""
    return one_page(b"", *[b"null"] * count)


def with_image(width: int, height: int) -> bytes:
    """One page drawing a grey image of the given size, compressed to almost nothing."""
    compressor = zlib.compressobj(9)
    row = b"\x80" * width
    data = b"".join(compressor.compress(row) for _ in range(min(height, 10))) + compressor.flush()
    return one_page(
        b"/Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R",
        stream(b"", b"q 500 0 0 500 0 0 cm /Im0 Do Q"),
        stream(
            b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray"
            b" /BitsPerComponent 8 /Filter /FlateDecode" % (width, height),
            data,
        ),
    )


def with_a_file_inside() -> bytes:
    """A page with a paperclip annotation that carries a file of its own."""
    return one_page(
        b"/Annots [4 0 R]",
        b"<< /Type /Annot /Subtype /FileAttachment /Rect [10 10 30 30]"
        b" /FS << /Type /Filespec /F (notes.txt) /EF << /F 5 0 R >> >> >>",
        stream(b"/Type /EmbeddedFile", b"notes of " + REPORTER),
    )


def with_an_icc_profile() -> bytes:
    """A page drawing an image whose colours are described by the phone's ICC profile."""
    return one_page(
        b"/Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R",
        stream(b"", b"q 20 0 0 20 0 0 cm /Im0 Do Q"),
        stream(
            b"/Type /XObject /Subtype /Image /Width 2 /Height 1 /BitsPerComponent 8"
            b" /ColorSpace [/ICCBased 6 0 R]",
            b"\xff\x00\x00\x00\xff\x00",
        ),
        stream(b"/N 3", b"ICC profile of the phone of " + REPORTER),
    )


def signed_by_the_reporter() -> bytes:
    """A page with a signature field whose signature (certificate, name, place) is the reporter's."""
    return one_page(
        b"/Annots [4 0 R]",
        b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Handtekening) /Rect [10 10 90 40]"
        b" /V 5 0 R >>",
        b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached"
        b" /Name (" + REPORTER + b") /Location (Gent) /M (D:20240310154200)"
        b" /ByteRange [0 10 20 30] /Contents <3082> >>",
    )


def with_an_inline_image(settings: bytes, data: bytes) -> bytes:
    """A page whose drawing instructions hold an image themselves (BI ... ID ... EI)."""
    contents = b"BT /F1 12 Tf 72 720 Td (BI is een afkorting) Tj ET q 20 0 0 10 72 600 cm BI "
    return one_page(
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R",
        stream(b"", contents + settings + b" ID " + data + b" EI Q"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    )
