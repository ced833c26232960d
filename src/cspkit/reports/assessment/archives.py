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
    """At most a sentence each on outcomes and stop and search, and only when a difference is significant.

    An outcome must also differ by at least :data:`MIN_POINTS`: large counts make small gaps
    significant, and the summary is for what a board should act on.
    """
    sentences = []
    if "outcomes" in assessment.tables:
        shares = assessment.table("outcomes")
        force = shares[(shares["crime_group"] == ALL_CRIME) & (shares["comparator_kind"] == "force")
                       & shares["outcome"].isin(list(_WORDS)) & shares["significance_95"].isin(["higher", "lower"])]
        area = shares[(shares["crime_group"] == ALL_CRIME) & (shares["comparator_kind"] == "area")].set_index("outcome")
        parts = [f"{'more' if r['significance_95'] == 'higher' else 'fewer'} ended with {_WORDS[r['outcome']]} "
                 f"({area.loc[r['outcome'], 'share']:.1%} against {r['share']:.1%} across the force)"
                 for r in force.to_dict("records") if _large_enough(area.loc[r["outcome"], "share"], r["share"])]
        if parts:
            sentences.append(f"Of crimes recorded in {assessment.area.name}, significantly "
                             + " and ".join(parts) + ".")
    if "stop_search_ethnicity" in assessment.tables:
        higher = significant_ratios(assessment.table("stop_search_ethnicity"))
        if not higher.empty:
            top = higher.iloc[0]
            force = assessment.parameters.get("force") or "the force"
            sentences.append(f"{top['ethnic_group']} residents of {force}'s area were stopped and searched at "
                             f"{top['ratio']:.1f} times the rate of White residents (95% confidence interval "
                             f"{top['lower']:.1f} to {top['upper']:.1f}).")
    return sentences


def _large_enough(share: float, force_share: float) -> bool:
    """Whether a gap between two outcome shares is big enough in practice for the executive summary."""
    return round(abs(float(share) - float(force_share)), 9) >= MIN_POINTS
