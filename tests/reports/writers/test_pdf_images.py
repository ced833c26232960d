"""Figures go into the PDF with their PNG data as it is, and show exactly the PNG's pixels;
images that cannot (a logo with transparency, a palette image) are still embedded correctly."""

from __future__ import annotations

import io

import numpy as np
import pikepdf
import pytest
from PIL import Image

from cspkit.reports.document import Document, Figure, Paragraph, Section
from cspkit.reports.writers.pdf import render_pdf
from cspkit.reports.writers.pdf_images import idat_of

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
        import zlib

        assert len(zlib.decompress(found)) == 80 * (1 + 120 * 3)
    assert idat_of(b"GIF89a" + data[6:]) is None


def test_the_pdf_shows_each_figures_exact_pixels_and_a_transparent_logo_keeps_its_mask():
    figures = [
        Figure(
            id=f"f{n}", title=f"Figure {n}", alt_text=f"Figure {n} shows noise.", svg=b"<svg/>", png=png("RGB", seed=n)
        )
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
