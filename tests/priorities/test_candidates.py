"""The candidate list is a file people edit; its crime types must be police.uk's."""

from __future__ import annotations

import pytest

from cspkit.errors import CspkitError, InputError
from cspkit.priorities.candidates import Candidate, evidence_for, load_candidates, police_uk_crime_types
from cspkit.priorities.evidence import CandidateEvidence


def test_the_default_list_covers_every_police_uk_crime_type_but_other_crime():
    candidates = load_candidates()
    covered = {t for c in candidates for t in c.crime_types}
    assert covered == set(police_uk_crime_types()) - {"Other crime"}
    abuse = next(c for c in candidates if c.name == "Domestic abuse")
    assert abuse.crime_types == () and "police.uk has no domestic abuse flag" in abuse.note


def test_a_misspelt_crime_type_is_named_with_its_line(tmp_path):
    path = tmp_path / "candidates.yaml"
    path.write_text("candidates:\n  - name: Burglary\n    crime_types: [Burglary]\n"
                    "  - name: Cars\n    crime_types: [Vehicle crimes]\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_candidates(path)
    assert caught.value.line == 5
    assert "'Vehicle crimes' is not a police.uk crime type" in str(caught.value)


def test_survey_labels_match_whatever_the_case_and_hyphens():
    candidate = Candidate("Anti-social behaviour", survey_labels=("ASB",))
    assert candidate.matches("anti social behaviour") and candidate.matches("asb")
    assert not candidate.matches("Burglary")


def test_candidates_without_evidence_get_an_empty_record_in_list_order():
    candidates = [Candidate("Burglary", ("Burglary",)), Candidate("Domestic abuse", note="from partners")]
    merged = evidence_for(candidates, [CandidateEvidence("burglary", count=3)])
    assert merged == [CandidateEvidence("Burglary", count=3),
                      CandidateEvidence("Domestic abuse", notes="from partners")]


def test_evidence_for_something_not_a_candidate_is_refused():
    with pytest.raises(CspkitError, match="evidence for 'Fraud', which is not a candidate"):
        evidence_for([Candidate("Burglary")], [CandidateEvidence("Fraud")])
