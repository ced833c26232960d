"""Summarising a consultation survey: the Stockton-style table, means, top-two shares and a ranking.

For each question: the count and share at each level (Stockton's plan publishes the shares of
all respondents, so ``base='respondents'`` reproduces it; ``base='answered'`` leaves out those
who skipped the question), the mean answer, and the share answering 4 or 5 (the top two of a
1-5 scale) with a Wilson score interval. Questions rank by that share, then by the mean.
Free-text answers are tallied against themes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from cspkit.errors import CspkitError
from cspkit.priorities.candidates import Candidate
from cspkit.priorities.survey import SurveyResponses
from cspkit.priorities.themes import Theme, ThemeTally, tally_themes
from cspkit.stats.rates import proportion_ci

BASES = ("answered", "respondents")


@dataclass(frozen=True)
class QuestionSummary:
    question: str
    text: str
    levels: tuple[int, ...]
    counts: tuple[int, ...]  # respondents at each level, lowest first
    respondents: int
    answered: int
    base: str
    mean: float | None
    top_two: int  # answering one of the top two levels (4 or 5 of 5)
    top_two_share: float | None  # of those who answered
    top_two_lower: float | None
    top_two_upper: float | None
    rank: int | None = None

    @property
    def no_answer(self) -> int:
        return self.respondents - self.answered

    @property
    def denominator(self) -> int:
        return self.answered if self.base == "answered" else self.respondents

    @property
    def percents(self) -> tuple[float | None, ...]:
        """Share of the base at each level, as a percentage (Stockton's table)."""
        if not self.denominator:
            return tuple(None for _ in self.counts)
        return tuple(100 * count / self.denominator for count in self.counts)


@dataclass(frozen=True)
class SurveySummary:
    source: str
    respondents: int
    scale: tuple[int, int]
    base: str
    confidence: float
    questions: tuple[QuestionSummary, ...]  # ranked, highest first
    themes: ThemeTally | None = None

    def question(self, label: str) -> QuestionSummary:
        for summary in self.questions:
            if summary.question.casefold() == label.casefold():
                return summary
        raise KeyError(label)


def summarise_survey(
    responses: SurveyResponses,
    *,
    base: str = "answered",
    themes: Sequence[Theme] | None = None,
    confidence: float = 0.95,
) -> SurveySummary:
    """Summarise every rating question and, given themes, tally the free text."""
    if base not in BASES:
        raise CspkitError(f"The base of the percentages must be one of: {', '.join(BASES)} (not '{base}').")
    low, high = responses.scale
    levels = tuple(range(low, high + 1))
    summaries = [_question(label, responses.question_text.get(label, label), answers, levels, base, confidence)
                 for label, answers in responses.ratings.items()]
    keys = {s.question: ((s.top_two_share or 0.0), (s.mean or 0.0)) for s in summaries if s.answered}
    ranked = [replace(s, rank=1 + sum(k > keys[s.question] for k in keys.values()) if s.question in keys else None)
              for s in summaries]
    ranked.sort(key=lambda s: (s.rank is None, s.rank or 0, s.question.casefold()))
    tally = tally_themes(responses.comments_by_respondent(), themes) if themes is not None else None
    return SurveySummary(responses.source, responses.respondents, responses.scale, base, confidence,
                         tuple(ranked), tally)


def public_expectation(summary: SurveySummary, candidates: Sequence[Candidate]) -> Mapping[str, float]:
    """The share answering 4-5 for each candidate a survey question names (by name or survey label)."""
    found = {}
    for question in summary.questions:
        for candidate in candidates:
            if question.top_two_share is not None and candidate.matches(question.question):
                found[candidate.name] = question.top_two_share
    return found


def _question(label: str, text: str, answers: tuple[int | None, ...], levels: tuple[int, ...], base: str,
              confidence: float) -> QuestionSummary:
    given = [a for a in answers if a is not None]
    counts = tuple(given.count(level) for level in levels)
    top = sum(counts[-2:])
    mean = sum(given) / len(given) if given else None
    share = lower = upper = None
    if given:
        interval = proportion_ci(top, len(given), confidence=confidence)
        share, lower, upper = interval.value, interval.lower, interval.upper
    return QuestionSummary(label, text, levels, counts, len(answers), len(given), base, mean, top, share, lower,
                           upper)
