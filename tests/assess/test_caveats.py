"""The short Jan-Mar 2022 Staffordshire files are carried into the assessment and change its trend."""

from __future__ import annotations

import pandas as pd

from cspkit.assess.build import AssessmentRequest, build_assessment
from cspkit.assess.period import parse_period


def test_the_short_early_2022_months_appear_as_caveats_and_are_left_out_of_the_trend(staffordshire_store):
    assessment = build_assessment(
        staffordshire_store, AssessmentRequest(area="Cannock Chase", period=parse_period("2022-01..2022-11"))
    )
    caveats = " ".join(assessment.caveats)
    for month in ("January 2022", "February 2022", "March 2022"):
        assert month in caveats
    # one common crime type far from its own usual level in a month of the usual size: only that type is in
    # doubt, so the month is named with its type and stays in the trends (flagged months are still Jan-Mar)
    assert "November 2022 has 46% fewer anti-social behaviour records per day" in caveats
    assert "April 2022 has 78% more shoplifting records per day" in caveats
    assert "April 2022 has" not in caveats.replace("April 2022 has 78% more shoplifting", "")
    # rows lacking a place are named by what they lack: the published ones have neither coordinates nor an LSOA
    assert "569 of 102,793 police.uk crime and ASB records (0.6%) have neither coordinates nor an LSOA code" in (
        caveats)
    assert "no location" not in caveats

    trend = assessment.table("trend").set_index("crime_group").loc["All crime (excluding ASB)"]
    assert trend["months_excluded"] == 3
    assert trend["months_used"] == 8

    monthly = assessment.table("monthly")
    flagged = sorted(monthly[monthly["flagged"]]["month"].dt.strftime("%Y-%m").unique())
    assert flagged == ["2022-01", "2022-02", "2022-03"]

    # 8 usable months are too few for an annual rate of change (24 needed): none is given, and why.
    assert trend["verdict"] == "too few months" and pd.isna(trend["annual_percent_change"])
    statement = " ".join(assessment.statements_for("direction_of_travel"))
    assert "No annual trend is given for crime in Cannock Chase: 8 usable months are fewer than the 24" in statement
    assert "seasonal pattern" in statement
    assert "January 2022, February 2022 and March 2022 are not counted as usable" in statement
    assert "% a year" not in statement
    # said in a sentence a reader can follow, not in shorthand ("11 months not loaded, from February 2021")
    assert ("No comparison with the previous period is possible: 11 months it needs, from February 2021, are not "
            "loaded.") in statement


def test_without_flagged_months_the_trend_uses_every_month(staffordshire_store):
    assessment = build_assessment(
        staffordshire_store, AssessmentRequest(area="Cannock Chase", period=parse_period("2022-04..2022-11"))
    )
    trend = assessment.table("trend").set_index("crime_group").loc["All crime (excluding ASB)"]
    assert trend["months_excluded"] == 3  # the trend still reads the whole loaded history...
    # ...but no month of the period itself is flagged: its caveats name one crime type each, not a whole file
    monthly = assessment.table("monthly")
    assert not monthly[monthly["month"] >= "2022-04-01"]["flagged"].any()
    in_period = [c for c in assessment.caveats if "2022 has" in c]
    assert in_period and all("while its other records are about as usual" in c for c in in_period)
    assert any("before the period" in c for c in assessment.caveats)


def test_hot_spot_trends_leave_out_the_flagged_and_the_part_quarter_and_then_cannot_be_judged(staffordshire_store):
    # January to November 2022: January to March is flagged as undercounted and October to November is two
    # months, which leaves April to June and July to September, fewer than the 3 whole quarters needed.
    assessment = build_assessment(
        staffordshire_store, AssessmentRequest(area="Cannock Chase", period=parse_period("2022-01..2022-11"))
    )
    assert assessment.table("lsoa_hotspot_trends").empty
    assert assessment.parameters["hotspot_quarters"]["used"] == ["April to June 2022", "July to September 2022"]
    statement = " ".join(assessment.statements_for("places"))
    assert ("Whether hot spots are persistent or emerging cannot be judged: 2 quarters of the period are whole and "
            "free of data-quality problems, and 3 are needed (left out: January to March 2022: months the "
            "data-quality checks flagged; October to November 2022: not a whole quarter).") in statement
    assert "emerging or new" not in statement


def test_flags_before_the_period_are_named_and_said_to_be_left_out_of_the_trends():
    from datetime import date

    from cspkit.assess.caveats import DataQuality, QualityFlag

    flags = tuple(QualityFlag("low volume", "mercia-vale", date(2023, month, 1), "few", True) for month in (10, 11))
    caveat = DataQuality(flags).caveats(parse_period("2025-10..2026-09"))[0]
    assert caveat == ("The checks also flagged 2 months before the period (October 2023, November 2023), which the "
                      "trends and control charts draw on; those months are left out of the trends. Every flag is "
                      "listed with the data-quality checks.")
    assert "used for trends" not in caveat and "too" not in caveat
