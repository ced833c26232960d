"""The police.uk outcomes and stop-and-search chapters as one hook for the report's section list,
and the sentences about them the executive summary may use (only what is significant)."""

from __future__ import annotations

from cspkit.assess.assessment import Assessment
from cspkit.assess.groups import ALL_CRIME
from cspkit.assess.outcomes import CHARGED, NO_SUSPECT
from cspkit.reports.assessment.inputs import ReportInputs
from cspkit.reports.assessment.outcomes_chapter import outcomes_sections
from cspkit.reports.assessment.stop_search_chapter import significant_ratios, stop_search_sections
from cspkit.reports.document import Section

_WORDS = {CHARGED: "a charge or summons", NO_SUSPECT: "no suspect identified"}
MIN_POINTS = 0.02
"""An outcome share reaches the summary only if it differs from the force's by at least 2 percentage points:
with tens of thousands of crimes a gap of under a point is statistically significant but tells a board nothing
it should act on (24.1% against 24.8%), while 2 points is a sixth of a typical charge rate."""


def archive_sections(inputs: ReportInputs) -> list[Section]:
    """The outcomes and stop-and-search chapters, each only when its files are loaded."""
    return [*outcomes_sections(inputs), *stop_search_sections(inputs)]


def headline_sentences(assessment: Assessment) -> list[str]:
    """At most a sentence each on outcomes and stop and search, and only when a difference is significant."""
    return [s for s in (outcome_sentence(assessment), stop_search_sentence(assessment)) if s]


def outcome_sentence(assessment: Assessment) -> str | None:
    """The partnership's outcome shares against the force's, only when a gap is significant.

    An outcome must also differ by at least :data:`MIN_POINTS`: large counts make small gaps
    significant, and the summary is for what a board should act on.
    """
    if "outcomes" not in assessment.tables:
        return None
    shares = assessment.table("outcomes")
    force = shares[(shares["crime_group"] == ALL_CRIME) & (shares["comparator_kind"] == "force")
                   & shares["outcome"].isin(list(_WORDS)) & shares["significance_95"].isin(["higher", "lower"])]
    area = shares[(shares["crime_group"] == ALL_CRIME) & (shares["comparator_kind"] == "area")].set_index("outcome")
    parts = [f"{'more' if r['significance_95'] == 'higher' else 'fewer'} ended with {_WORDS[r['outcome']]} "
             f"({area.loc[r['outcome'], 'share']:.1%} against {r['share']:.1%} across the force)"
             for r in force.to_dict("records") if _large_enough(area.loc[r["outcome"], "share"], r["share"])]
    if not parts:
        return None
    return f"Of crimes recorded in {assessment.area.name}, significantly " + " and ".join(parts) + "."


def stop_search_sentence(assessment: Assessment) -> str | None:
    """The highest significant stop-and-search ratio by ethnicity, said to be force-wide.

    police.uk records a search where it happened, not where the person searched lives, and the
    rate divides by each group's residents of the whole force area: so the figure is the force's,
    not the partnership's, and it cannot say the people searched were residents.
    """
    if "stop_search_ethnicity" not in assessment.tables:
        return None
    higher = significant_ratios(assessment.table("stop_search_ethnicity"))
    if higher.empty:
        return None
    top = higher.iloc[0]
    force = assessment.parameters.get("force") or "the force"
    return (f"Across the whole of {force}'s force area, not {assessment.area.name} alone, {top['ethnic_group']} "
            f"people were stopped and searched at {top['ratio']:.1f} times the rate of White people (95% confidence "
            f"interval {top['lower']:.1f} to {top['upper']:.1f}), counting searches per head of each group's resident "
            "population. Searches are recorded where they happen, not where the person searched lives, so some of "
            "those searched may live elsewhere.")


def _large_enough(share: float, force_share: float) -> bool:
    """Whether a gap between two outcome shares is big enough in practice for the executive summary."""
    return round(abs(float(share) - float(force_share)), 9) >= MIN_POINTS
