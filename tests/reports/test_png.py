"""Figures are saved as plain PNGs with their rows unfiltered: a reader gets the same pixels, the
file keeps its words and resolution, the PDF takes it as it is, and it is smaller than Pillow's."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from cspkit.reports import charts
from cspkit.reports.png import png_bytes
from cspkit.reports.writers.pdf_images import idat_of

WORDS = {"Title": "Crimes per 1,000 people — Hartbury", "Description": "A line chart; the rate fell by 4%.",
         "Software": "cspkit"}


def test_a_reader_gets_the_pixels_words_and_resolution_it_was_given():
    pixels = np.random.default_rng(7).integers(0, 256, (41, 67, 4), dtype=np.uint8)
    image = Image.open(io.BytesIO(png_bytes(pixels, 150, WORDS)))
    image.load()
    assert image.mode == "RGB" and image.size == (67, 41)
    assert np.array_equal(np.asarray(image), pixels[..., :3])  # the alpha left out: figures are opaque
    assert {key: image.info[key] for key in WORDS} == WORDS
    assert image.info["dpi"] == pytest.approx((150, 150), abs=0.02)


def test_a_chart_is_one_the_pdf_takes_as_it_is_and_smaller_than_pillow_would_save_it():
    frame = pd.DataFrame({"place": [f"LSOA {i}" for i in range(12)], "count": [30.0 - 2 * i for i in range(12)]})
    figure = charts.concentration_chart(frame, id="png-test", title="The LSOAs with most anti-social behaviour",
                                        source="test", unit="Incidents")
    assert idat_of(figure.png) is not None  # 8-bit RGB, one run of data, every row whole
    drawn = Image.open(io.BytesIO(figure.png)).convert("RGB")
    pillows = io.BytesIO()
    drawn.save(pillows, format="PNG", compress_level=3)
    assert len(figure.png) < len(pillows.getvalue())  # flat colours compress better unfiltered


def test_pixels_that_are_not_8_bit_rgba_none_at_all_or_a_keyword_png_cannot_hold_are_refused():
    with pytest.raises(ValueError, match="8-bit RGBA"):
        png_bytes(np.zeros((4, 4, 3), np.uint8), 150, {})
    with pytest.raises(ValueError, match="must have pixels"):
        png_bytes(np.zeros((0, 4, 4), np.uint8), 150, {})
    for keyword in ("", "T" * 80, "Title\n", "Titre ❶"):
        with pytest.raises(ValueError, match="keyword"):
            png_bytes(np.zeros((2, 2, 4), np.uint8), 150, {keyword: "words"})
