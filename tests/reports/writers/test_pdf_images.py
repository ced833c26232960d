"""Figures go into the PDF with their PNG data as it is, and show exactly the PNG's pixels;
images that cannot (a logo with transparency, a palette image) are still embedded correctly."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pikepdf
import pytest
from PIL import Image

from cspkit.reports.document import Document, Figure, Paragraph, Section
from cspkit.reports.writers.pdf import render_pdf
from cspkit.reports.writers.pdf_images import SIGNATURE, idat_of

pytestmark = pytest.mark.slow


def png(mode: str, size: tuple[int, int] = (120, 80), seed: int = 0, **save) -> bytes:
    """A PNG of random pixels (nothing compresses away), saved the way ``mode`` asks."""
    pixels = np.random.default_rng(seed).integers(0, 256, (size[1], size[0], 4), dtype=np.uint8)
    image = Image.fromarray(pixels, "RGBA").convert(mode)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=3, **save)
    return buffer.getvalue()


def pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGBA"))


@pytest.mark.parametrize(
    ("mode", "save", "as_is"),
    [
        ("RGB", {}, True),
        ("RGBA", {}, False),
        ("P", {}, False),
        ("L", {}, False),
        ("RGB", {"transparency": (0, 0, 0)}, False),
    ],
)
def test_only_opaque_8_bit_rgb_pngs_are_taken_as_they_are(mode, save, as_is):
    data = png(mode, **save)
    found = idat_of(data)
    assert (found is not None) is as_is
    if as_is:  # the compressed pixel rows themselves: 80 rows of a filter byte and 120 RGB pixels
        assert len(zlib.decompress(found)) == 80 * (1 + 120 * 3)
    assert idat_of(b"GIF89a" + data[6:]) is None


def chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """A PNG's chunks as (name, data)."""
    found, at = [], 8
    while at < len(data):
        length, name = struct.unpack(">I4s", data[at : at + 8])
        found.append((name, data[at + 8 : at + 8 + length]))
        at += 12 + length
    return found


def assembled(parts: list[tuple[bytes, bytes]]) -> bytes:
    return SIGNATURE + b"".join(
        struct.pack(">I4s", len(body), name) + body + struct.pack(">I", zlib.crc32(name + body)) for name, body in parts
    )


def test_a_malformed_png_is_left_to_the_library_not_copied_into_the_pdf():
    good = chunks(png("RGB"))
    assert idat_of(assembled(good)) is not None  # taken apart and put together again: still taken as it is
    (head,), image, end = good[:1], [c for c in good if c[0] == b"IDAT"], good[-1]
    pixels_ = zlib.decompress(b"".join(body for _, body in image))
    halves = [(b"IDAT", image[0][1][: len(image[0][1]) // 2]), (b"IDAT", image[0][1][len(image[0][1]) // 2 :])]
    bad_filter = bytearray(pixels_)
    bad_filter[0] = 9  # row filters are 0-4
    for broken in (
        assembled(good)[:-20],  # cut short
        assembled([head, *image]),  # no IEND
        assembled([head, halves[0], (b"tEXt", b"Title\0x"), halves[1], end]),  # image data split by another chunk
        assembled([head, (b"IDAT", zlib.compress(pixels_[:-10])), end]),  # too few pixels
        assembled([head, (b"IDAT", zlib.compress(bytes(bad_filter))), end]),
        assembled([head, (b"IDAT", b"not deflate data"), end]),
    ):
        assert idat_of(broken) is None
    assert idat_of(assembled([head, *halves, end])) is not None  # split into two IDAT chunks in a row: fine


def test_the_pdf_shows_each_figures_exact_pixels_and_a_transparent_logo_keeps_its_mask():
    figures = [
        Figure(id=f"f{n}", title=f"Figure {n}", alt_text=f"Figure {n} shows noise.", png=png("RGB", seed=n))
        for n in range(2)
    ]
    logo = png("RGBA", size=(60, 30), seed=9)
    document = Document(
        "Images",
        [Section("s", "S", [Paragraph("Two figures."), *figures])],
        logo=logo,
        logo_type="image/png",
        organisation="Hartbury Community Safety Partnership",
    )
    with pikepdf.open(io.BytesIO(render_pdf(document))) as pdf:
        found = {image.objgen: image for page in pdf.pages for image in page.get_images().values()}
        images = [pikepdf.PdfImage(image) for image in found.values()]  # pages may share their resources
        by_size = {}
        for image in images:
            by_size.setdefault((image.width, image.height), []).append(image)
        drawn = by_size[(120, 80)]
        assert len(drawn) == 2
        for figure in figures:
            match = [image for image in drawn if image.obj.read_raw_bytes() == idat_of(figure.png)]
            assert len(match) == 1  # the PNG's own data, not compressed again
            assert np.array_equal(np.asarray(match[0].as_pil_image().convert("RGBA")), pixels(figure.png))
        (shown,) = by_size[(60, 30)]
        assert shown.obj.get("/SMask") is not None  # the library's way: colour and a transparency mask
        assert np.array_equal(np.asarray(shown.as_pil_image().convert("RGB")), pixels(logo)[:, :, :3])
