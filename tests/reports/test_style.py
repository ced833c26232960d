"""The house style works for everyone: colour-blind readers, greyscale printers and low vision.

Colour-vision deficiency is simulated with the matrices of Machado, Oliveira and Fernandes
(2009), "A physiologically-based model for simulation of color vision deficiency", IEEE TVCG
15(6), severity 1.0; contrast is the WCAG 2.1 contrast ratio.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from cspkit.reports import style

SIMULATIONS = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}


def linear_rgb(colour: str) -> np.ndarray:
    srgb = np.array([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def luminance(colour: str) -> float:
    return float(np.dot([0.2126, 0.7152, 0.0722], linear_rgb(colour)))


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def lab(rgb_linear: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ rgb_linear
    t = xyz / np.array([0.9505, 1.0, 1.089])
    f = np.where(t > 0.008856, np.cbrt(t), 7.787 * t + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def seen_as(colour: str, deficiency: str | None) -> np.ndarray:
    rgb = linear_rgb(colour)
    if deficiency:
        rgb = np.clip(np.array(SIMULATIONS[deficiency]) @ rgb, 0, 1)
    return lab(rgb)


@pytest.mark.parametrize("deficiency", [None, *SIMULATIONS])
def test_the_first_four_series_colours_stay_distinct_for_colour_blind_readers(deficiency):
    # A CIELAB difference above 15 is plainly visible; markers and dashes differ as well.
    colours = [s.color for s in style.SERIES[:4]]
    for a, b in itertools.combinations(colours, 2):
        assert np.linalg.norm(seen_as(a, deficiency) - seen_as(b, deficiency)) > 15, (a, b, deficiency)


def test_the_first_four_series_colours_meet_the_wcag_contrast_for_graphics():
    for series in style.SERIES[:4]:
        assert contrast(series.color, "#FFFFFF") >= 3, series.color


def test_every_series_has_its_own_marker_and_line_style_for_greyscale_printing():
    assert len({s.marker for s in style.SERIES}) == len(style.SERIES)
    assert len({str(s.linestyle) for s in style.SERIES}) == len(style.SERIES)


def test_significance_markers_differ_so_the_dot_plot_reads_without_colour():
    markers = [style.SIGNIFICANCE[s].marker for s in ("higher", "similar", "lower")]
    assert len(set(markers)) == 3


def test_black_text_on_every_cell_shade_passes_wcag_aaa_contrast():
    for tone, fill in style.CELL_FILLS.items():
        assert contrast(style.TEXT, fill) >= 7, tone


@pytest.mark.parametrize("scale", [style.SEQUENTIAL, style.HOT, style.COLD])
def test_map_classes_are_ordered_in_lightness_so_they_survive_greyscale(scale):
    lightness = [seen_as(c, None)[0] for c in scale]
    steps = np.diff(lightness)
    assert np.all(steps < -8) or np.all(steps > 8), lightness


def test_the_grey_used_for_axes_and_text_meets_wcag_aa_on_white():
    assert contrast(style.GREY, "#FFFFFF") >= 4.5


def test_the_chart_font_is_one_that_is_installed():
    from matplotlib import font_manager

    assert style.font_family() in {font.name for font in font_manager.fontManager.ttflist}


def test_the_report_says_when_its_font_falls_back(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(style, "font_family", lambda: "DejaVu Sans")
    note = style.font_fallback_note()
    assert note is not None and "DejaVu Sans" in note and "fonts-liberation" in note
    monkeypatch.setattr(style, "font_family", lambda: "Liberation Sans")
    assert style.font_fallback_note() is None


def test_the_reports_font_is_installed_where_the_tests_run():
    """scripts/system-packages installs fonts-liberation before the tests (make test, CI)."""
    assert style.font_fallback_note() is None, style.font_fallback_note()


def test_text_sizes_remembered_across_figures_are_those_of_the_font_and_size_asked_for():
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    with style.house_style():
        small, large = FontProperties(size=8), FontProperties(size=16)
        bold = FontProperties(size=8, weight="bold")
        measured = [style._canvas(style.new_figure()).get_renderer() for _ in range(2)]
        plain = RendererAgg(100, 100, measured[0].dpi)
        for prop in (small, large, bold, small):  # the remembered size of one must not answer for another
            expected = plain.get_text_width_height_descent("Crimes per 1,000 residents", prop, False)
            for renderer in measured:
                assert renderer.get_text_width_height_descent("Crimes per 1,000 residents", prop, False) == expected
