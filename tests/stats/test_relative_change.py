"""The ratio of rate ratios (Altman & Bland 2003) equals the interaction term of a saturated Poisson
log-linear model of the 2x2 table, as statsmodels fits it: estimate, interval and p-value."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from cspkit.stats.relative_change import ratio_of_rate_ratios


# A saturated model fits the table exactly, which statsmodels reports as "perfect prediction".
@pytest.mark.filterwarnings("ignore::RuntimeWarning", "ignore:Perfect separation")
@pytest.mark.parametrize("counts", [(120, 80, 900, 880), (15, 30, 400, 390), (7, 3, 55, 60), (1000, 700, 5000, 5100)])
def test_matches_the_poisson_interaction_term_in_statsmodels(counts) -> None:
    place_before, place_during, rest_before, rest_during = counts
    y = np.array([place_before, place_during, rest_before, rest_during])
    place = np.array([1, 1, 0, 0])
    during = np.array([0, 1, 0, 1])
    design = sm.add_constant(np.column_stack([place, during, place * during]))
    fit = sm.GLM(y, design, family=sm.families.Poisson()).fit(tol=1e-14, maxiter=200)
    lower, upper = np.exp(fit.conf_int()[3])
    result = ratio_of_rate_ratios(*counts)
    assert result.ratio == pytest.approx(np.exp(fit.params[3]), rel=1e-9)
    assert result.lower == pytest.approx(lower, rel=1e-6)
    assert result.upper == pytest.approx(upper, rel=1e-6)
    assert result.p_value == pytest.approx(fit.pvalues[3], rel=1e-6)


def test_hand_computed_example() -> None:
    # places 120 -> 80 (ratio 0.667), elsewhere 900 -> 880 (0.978): ratio 0.6818;
    # SE = sqrt(1/120 + 1/80 + 1/900 + 1/880) = 0.15192; 95% CI exp(ln 0.6818 -+ 1.95996 x 0.15180).
    result = ratio_of_rate_ratios(120, 80, 900, 880)
    assert result.ratio == pytest.approx(0.68182, abs=1e-5)
    assert result.lower == pytest.approx(0.50623, abs=1e-4)
    assert result.upper == pytest.approx(0.91830, abs=1e-4)
    assert result.verdict == "fell more than elsewhere"


def test_no_estimate_from_a_zero_and_no_verdict_within_chance() -> None:
    assert ratio_of_rate_ratios(0, 5, 100, 100) is None
    assert ratio_of_rate_ratios(10, 9, 100, 100).verdict == "no significant difference"
    with pytest.raises(ValueError):
        ratio_of_rate_ratios(-1, 5, 100, 100)
