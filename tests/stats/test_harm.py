"""Harm weighting: one weight per offence code, counts times weights, crime-type weights by volume, and
every result labelled with the index it used."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cspkit.stats.harm import apply_harm, crime_type_weights, harm_index_label, harm_weights

# A few offences as the CCHI 2020 workbook lists them (days of imprisonment).
OFFENCES = pd.DataFrame(
    [
        ("1", "Murder - of persons aged 1 year or over", 5475),
        ("1", "Murder - of persons under 1 year of age", 5475),
        ("4.1", "Manslaughter", 730),
        ("8N", "Assault with Injury - Assault occasioning actual bodily harm", 10),
        ("8N", "Assault with Injury - Malicious wounding (Serious)", 547.5),
        ("8N", "Assault with Injury - Assault with intent to resist apprehension", 2),
        ("28E", "Burglary - Residential - Dwelling", 19),
        ("28E", "Burglary - Residential - Non-Dwelling", 10),
        ("28F", "Attempted Burglary - Residential - Dwelling", 19),
        ("46", "Shoplifting", 1),
    ],
    columns=["offence_code", "offence_description", "weight"],
)


def test_the_labels_name_the_index_exactly():
    assert harm_index_label("cchi") == "Cambridge Crime Harm Index (ONS 2020)"
    assert harm_index_label("css") == "ONS Crime Severity Score"
    assert harm_weights(OFFENCES).label == "Cambridge Crime Harm Index (ONS 2020)"
    assert harm_weights(OFFENCES, scheme="css").label == "ONS Crime Severity Score"


def test_several_offences_under_one_code_become_their_median_by_default():
    weights = harm_weights(OFFENCES)

    assert weights.weight_of("8N") == 10  # median of 2, 10, 547.5
    assert weights.weight_of("28E") == pytest.approx(14.5)
    assert harm_weights(OFFENCES, how="mean").weight_of("8N") == pytest.approx((2 + 10 + 547.5) / 3)
    assert harm_weights(OFFENCES, how="max").weight_of("8N") == 547.5


def test_a_combined_home_office_code_takes_the_median_of_its_parts():
    weights = harm_weights(OFFENCES)

    # Homicide is published as '1/4.1/4.10/4.2'; 4.10 and 4.2 have no weight here.
    assert weights.weight_of("1/4.1/4.10/4.2") == pytest.approx((5475 + 730) / 2)
    assert np.isnan(weights.weight_of("99"))


def test_harm_is_count_times_weight_summed_by_group_with_the_label_attached():
    counts = pd.DataFrame(
        {
            "area": ["Stafford", "Stafford", "Cannock Chase", "Cannock Chase"],
            "offence_code": ["8N", "46", "8N", "28E"],
            "count": [100, 300, 50, 10],
        }
    )

    result = apply_harm(counts, harm_weights(OFFENCES), by=["area"])

    table = result.table.set_index("area")
    assert table.loc["Stafford", "harm"] == pytest.approx(100 * 10 + 300 * 1)
    assert table.loc["Cannock Chase", "harm"] == pytest.approx(50 * 10 + 10 * 14.5)
    assert table.loc["Stafford", "count"] == 400
    assert result.label == "Cambridge Crime Harm Index (ONS 2020)"
    assert result.unit == "days of imprisonment"
    assert result.unweighted.empty


def test_codes_without_a_weight_are_reported_and_left_out_of_the_harm_total():
    counts = pd.DataFrame({"offence_code": ["46", "AF", "AF"], "count": [10, 4, 6]})

    result = apply_harm(counts, harm_weights(OFFENCES))

    assert result.table["harm"].iloc[0] == pytest.approx(10)
    assert result.table["count"].iloc[0] == 20
    assert result.unweighted.to_dict("records") == [{"offence_code": "AF", "count": 10.0}]


def test_a_crime_type_weight_is_the_volume_weighted_mean_of_its_codes():
    volumes = pd.DataFrame(
        {
            "offence_code": ["28E", "28F", "8N", "1/4.1/4.10/4.2", "46"],
            "crime_type": ["Burglary", "Burglary", "Violence and sexual offences",
                           "Violence and sexual offences", "Shoplifting"],
            "count": [900, 100, 990, 10, 500],
        }
    )

    types = crime_type_weights(volumes, harm_weights(OFFENCES))

    assert types.weight_of("Burglary") == pytest.approx((900 * 14.5 + 100 * 19) / 1000)
    assert types.weight_of("Violence and sexual offences") == pytest.approx((990 * 10 + 10 * 3102.5) / 1000)
    assert types.weight_of("Shoplifting") == 1
    assert types.label == "Cambridge Crime Harm Index (ONS 2020)"
    police_uk = pd.DataFrame({"crime_type": ["Burglary", "Shoplifting"], "count": [20, 40]})
    harm = apply_harm(police_uk, types, code="crime_type")
    assert harm.table["harm"].iloc[0] == pytest.approx(20 * 14.95 + 40 * 1)


def test_a_negative_weight_or_an_unknown_index_is_refused():
    bad = OFFENCES.assign(weight=OFFENCES["weight"].where(OFFENCES["offence_code"] != "46", -1))
    with pytest.raises(ValueError, match="'46'"):
        harm_weights(bad)
    with pytest.raises(ValueError, match="unknown harm index"):
        harm_weights(OFFENCES, scheme="mori")
