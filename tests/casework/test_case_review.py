"""The ASB Case Review threshold (s.104) and its service-level clock in working days."""

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from cspkit.casework.case_review import Complaint, appeal_due, qualifies, review_clock, threshold
from cspkit.casework.settings import ThresholdRule, default_settings, parse_settings
from cspkit.errors import InputError

APPLIED = date(2026, 11, 2)


def complaint(made: date, behaviour: date | None = None, hate: bool = False) -> Complaint:
    return Complaint(made_on=made, behaviour_on=behaviour or made, hate=hate)


def test_three_qualifying_complaints_in_six_months_meet_the_default_threshold():
    complaints = [complaint(date(2026, 6, 1)), complaint(date(2026, 8, 1)), complaint(date(2026, 10, 1))]
    assert threshold(complaints, APPLIED).met
    assert not threshold(complaints[:2], APPLIED).met


def test_a_complaint_made_more_than_a_month_after_the_behaviour_does_not_qualify():
    late = complaint(date(2026, 8, 2), behaviour=date(2026, 7, 1))
    on_time = complaint(date(2026, 8, 1), behaviour=date(2026, 7, 1))
    assert qualifies(late, APPLIED) == "made more than 1 month(s) after the behaviour"
    assert qualifies(on_time, APPLIED) is None


def test_an_application_more_than_six_months_after_a_complaint_does_not_count_it():
    assert qualifies(complaint(date(2026, 5, 1)), APPLIED) is not None
    assert qualifies(complaint(date(2026, 5, 2)), APPLIED) is None


def test_one_hate_incident_meets_the_threshold_by_default_and_the_rule_can_be_turned_off():
    hate = [complaint(date(2026, 10, 1), hate=True)]
    assert threshold(hate, APPLIED).met
    assert not threshold(hate, APPLIED, replace(ThresholdRule(), hate_incidents=0)).met


def test_a_partnership_may_set_a_lower_count():
    two = [complaint(date(2026, 9, 1)), complaint(date(2026, 10, 1))]
    assert threshold(two, APPLIED, replace(ThresholdRule(), complaints=2)).met


def test_settings_above_the_legal_maximum_are_refused(tmp_path: Path):
    import yaml

    from cspkit.casework.settings import DEFAULTS

    data = yaml.safe_load(DEFAULTS.read_text())
    data["case_review"]["complaints"] = 4
    with pytest.raises(InputError, match=r"case_review\.complaints cannot be more than 3"):
        parse_settings(data, tmp_path / "casework.yaml")


def test_the_service_level_clock_counts_working_days_from_receipt():
    # Received Monday 14 December 2026. 10 working days: 15-18, 21-24, 29, 30 Dec -> Wednesday 30 Dec.
    clock = review_clock(date(2026, 12, 14))
    assert clock.acknowledge_by == date(2026, 12, 30)
    # 15: 31 Dec, 4, 5, 6, 7 Jan -> Thursday 7 January 2027; 20: 8, 11, 12, 13, 14 Jan -> 14 January.
    assert clock.decide_by == date(2027, 1, 7)
    assert clock.meet_by == date(2027, 1, 14)
    assert appeal_due(date(2026, 12, 14)) == date(2027, 1, 7)


def test_shipped_defaults_match_the_law_and_common_practice():
    rule = default_settings().case_review
    assert (rule.complaints, rule.months, rule.hate_incidents) == (3, 6, 1)
    assert (rule.service_levels.acknowledge, rule.service_levels.threshold_decision) == (10, 15)
    assert rule.service_levels.review_meeting == 20
