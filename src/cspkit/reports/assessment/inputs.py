"""Everything one assessment report is made from, and the look-ups every section shares.

The report reads only what it is given (the Assessment, the ranking, boundaries and LSOA
counts the caller took from the store, and the words to print); it never opens the store, so
the same inputs always give the same report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import PurePath
from typing import TypeVar

import pandas as pd
import shapely

from cspkit.assess.assessment import Assessment
from cspkit.assess.groups import ALL_CRIME, ASB
from cspkit.assess.places import lsoa_weights
from cspkit.assess.project_places import ProjectComparison
from cspkit.assess.published import MSG_LABEL
from cspkit.priorities.ranking import Ranking
from cspkit.priorities.survey import SurveyResponses
from cspkit.reports.assessment.wording import join_and
from cspkit.reports.document import Block, markdown_blocks

#: How many of the top priorities get a page of their own, unless the caller says otherwise. Partnerships
#: agree four to seven priorities (seeds 000-004); six pages keep a full report within ten seconds.
TOP_PRIORITIES = 6

T = TypeVar("T")


@dataclass(frozen=True)
class RowLookup:
    """A table's rows by the values of some of its columns, found with a dict.

    A boolean mask (``df[(df.a == x) & (df.b == y)]``) scans the whole table at each look-up;
    in loops over crime groups, comparators and outcomes that added up to much of a report's time.
    """

    frame: pd.DataFrame
    positions: Mapping[tuple, list[int]]

    @classmethod
    def of(cls, frame: pd.DataFrame, *columns: str) -> RowLookup:
        positions: dict[tuple, list[int]] = {}
        for position, key in enumerate(zip(*(frame[c].tolist() for c in columns), strict=True)):
            positions.setdefault(key, []).append(position)
        return cls(frame, positions)

    def get(self, *key: object) -> pd.Series | None:
        """The first row with these values, as ``frame[mask].iloc[0]`` gives it, or None if there is none."""
        found = self.positions.get(key)
        return None if found is None else self.frame.iloc[found[0]]

    def rows(self, keys: Iterable[tuple]) -> pd.DataFrame:
        """The rows with any of these values, in the table's order, as a boolean mask selects them."""
        return self.frame.iloc[sorted({p for key in keys for p in self.positions.get(key, ())})]


@dataclass(frozen=True)
class SurveyNote:
    """What the report says of the consultation survey behind the public-expectation scores: how many
    responded, when, what they were asked, and from which file."""

    respondents: int
    first: date | None
    last: date | None
    question: str
    file: str

    @classmethod
    def of(cls, responses: SurveyResponses) -> SurveyNote:
        dates = responses.dates
        texts = [str(t) for t in responses.question_text.values()]
        # a grid question's heading, without the item in brackets ("How important ... [Burglary]")
        question = re.sub(r"\s*\[[^\[\]]*\]\s*$", "", texts[0]) if texts else ""
        return cls(responses.respondents, dates[0] if dates else None, dates[1] if dates else None, question,
                   PurePath(responses.source).name)

    def when(self) -> str:
        """'1 to 29 March 2024', '28 February to 3 March 2024', or '' when the export gave no dates."""
        if self.first is None or self.last is None:
            return ""
        if self.first == self.last:
            return f"{self.first.day} {self.first:%B %Y}"
        if (self.first.year, self.first.month) == (self.last.year, self.last.month):
            return f"{self.first.day} to {self.last.day} {self.last:%B %Y}"
        if self.first.year == self.last.year:
            return f"{self.first.day} {self.first:%B} to {self.last.day} {self.last:%B %Y}"
        return f"{self.first.day} {self.first:%B %Y} to {self.last.day} {self.last:%B %Y}"

    def months_before(self, start: date) -> int:
        """Whole months from the survey's last response to ``start`` (0 if it closed during or after it)."""
        if self.last is None or self.last >= start:
            return 0
        months = (start.year - self.last.year) * 12 + start.month - self.last.month
        return months - (1 if start.day < self.last.day else 0)  # whole months: 29 March to 1 October is 6

    def describe(self, start: date) -> str:
        """A sentence or two for the reader: size, dates, how asked, and a warning when it is old."""
        when = self.when()
        text = (f"Public expectation comes from the partnership's consultation survey: "
                f"{self.respondents:,} {'response' if self.respondents == 1 else 'responses'}"
                + (f", made {when}" if when else " (the export gives no dates)")
                + (f", answering \u201c{self.question}\u201d for each candidate" if self.question else "")
                + ".")
        months = self.months_before(start)
        if months >= 6:
            text += (f" It closed {months} months before this assessment's period began, so residents' views "
                     "may have changed since.")
        return text


@dataclass(frozen=True)
class ReportInputs:
    """The inputs of one report.

    ``texts`` maps a part of the analyst's commentary (see :mod:`.commentary`) to the Markdown
    to print; ``boundaries`` maps LSOA codes to WKB polygons (WGS84, as the store keeps them);
    ``lsoa_counts`` (columns lsoa_code, crime_type, count) are the area's records per LSOA and
    crime type over the period, for maps of crime types the assessment does not map itself.
    ``cache`` keeps work done once per report (each priority's figures) across copies made
    with :func:`dataclasses.replace`, e.g. when the analyst's words are added.
    """

    assessment: Assessment
    ranking: Ranking | None = None
    texts: Mapping[str, str] = field(default_factory=dict)
    boundaries: Mapping[str, bytes] = field(default_factory=dict)
    lsoa_counts: pd.DataFrame | None = None
    session_id: int | None = None
    top: int = TOP_PRIORITIES
    projects: tuple[ProjectComparison, ...] = ()  # the partnership's projects, each its places before and during it
    cache: dict = field(default_factory=dict, compare=False, repr=False)
    survey: SurveyNote | None = None

    @property
    def area(self) -> str:
        return self.assessment.area.name

    @property
    def period(self) -> str:
        return self.assessment.period.label()

    def blocks(self, part: str) -> list[Block]:
        """The words of one part of the commentary as document blocks (none if it is empty)."""
        return markdown_blocks(self.texts.get(part, ""))

    @cached_property
    def rates(self) -> pd.DataFrame:
        return self.assessment.table("rates")

    @cached_property
    def area_rates(self) -> pd.DataFrame:
        """The area's own row of the rates table for each crime group, indexed by crime group."""
        rows = self.rates[self.rates["comparator_kind"] == "area"]
        return rows.set_index("crime_group")

    def once(self, key: Hashable, work: Callable[[], T]) -> T:
        """``work()`` done once per report and kept in ``cache``, which copies made with ``replace``
        share: so only for work that does not read ``texts``, the field those copies change."""
        if key not in self.cache:
            self.cache[key] = work()
        return self.cache[key]

    def lookup(self, table: str, *columns: str) -> RowLookup:
        """The assessment's ``table`` by the values of ``columns``, built once per report."""
        return self.once(("lookup", table, columns), lambda: RowLookup.of(self.assessment.table(table), *columns))

    def rows_of(self, table: str, column: str, value: object) -> pd.DataFrame:
        """The rows of the assessment's ``table`` whose ``column`` is ``value`` (an empty table, which
        may lack the column, as it is)."""
        if self.assessment.tables[table].empty:
            return self.assessment.table(table)
        return self.lookup(table, column).rows([(value,)])

    @property
    def rate_rows(self) -> RowLookup:
        """The rates table's rows of each (crime group, comparator)."""
        return self.lookup("rates", "crime_group", "comparator")

    @cached_property
    def comparators(self) -> list[str]:
        """The comparators' labels in the assessment's order (force, peers, region, published)."""
        others = self.rates[self.rates["comparator_kind"] != "area"]
        return list(dict.fromkeys(others["comparator"]))

    @cached_property
    def main_benchmark(self) -> str | None:
        """The broadest comparator: England and Wales if published rates are given, else the region,
        other published rates, peers, the force."""
        others = self.rates[(self.rates["comparator_kind"] != "area") & self.rates["rate"].notna()]
        typed = others[others["comparator_kind"] == "typed"]["comparator"]
        national = typed[typed.str.contains("England", case=False)]
        if not national.empty:
            return str(national.iloc[0])
        for kind in ("region", "typed", "peers", "force"):
            found = others[others["comparator_kind"] == kind]["comparator"]
            if not found.empty:
                return str(found.iloc[0])
        return None

    @cached_property
    def groupings(self) -> dict[str, list[str]]:
        """Crime group -> the police.uk crime types it sums, as the assessment used them."""
        found = self.assessment.parameters.get("groupings") or {}
        return {str(k): [str(t) for t in v] for k, v in found.items()}

    @cached_property
    def population(self) -> float | None:
        row = self.area_rates["population"].dropna()
        return float(row.iloc[0]) if not row.empty else None

    @property
    def population_year(self) -> int | None:
        year = self.assessment.parameters.get("population_year")
        return int(year) if year is not None else None

    @property
    def source(self) -> str:
        """The source line of every figure drawn from police.uk records and population."""
        year = self.population_year
        population = f"ONS mid-{year} population estimates" if year else "ONS population estimates"
        return f"data.police.uk street-level crime and ASB; {population}"

    @cached_property
    def published(self) -> dict:
        """What the assessment recorded of its published comparator table: ``file``, ``title`` (the table's
        own title lines, with its period), ``msg_file`` and ``msg_members``; empty when none was loaded or
        the assessment predates the record."""
        found = self.assessment.parameters.get("published")
        return dict(found) if isinstance(found, Mapping) else {}

    @cached_property
    def published_comparators(self) -> list[str]:
        """The labels of the comparators taken from published rates (the Most Similar Group, region and
        England and Wales typed from a table), in the report's order; the force is always police.uk."""
        typed = set(self.rates.loc[self.rates["comparator_kind"] == "typed", "comparator"].astype(str))
        return [name for name in self.comparators if name in typed]

    @property
    def published_title(self) -> str:
        """The published rates' source and period, as the table loaded states them."""
        title = str(self.published.get("title") or "").strip().rstrip(".")
        if title:
            return title
        if self.published:
            return "a published table of recorded crime rates by area that does not state its period"
        return "published rates entered by the analyst (their source and period were not recorded)"

    @property
    def published_period(self) -> str | None:
        """The published rates' period as their title gives it ('year ending March 2026'), or None."""
        match = re.search(r"year ending \w+ \d{4}|financial year \d{4}/\d{2}|\b\d{4}/\d{2}\b",
                          str(self.published.get("title") or ""), re.IGNORECASE)
        return match.group(0) if match else None

    @property
    def rates_source(self) -> str:
        """The source line of a table or chart that shows the comparators' rates: police.uk for the area and
        the force, and the published table, by its own title and period, for the comparators from it."""
        if not self.published_comparators:
            return self.source
        return (f"{self.source}; {join_and(self.published_comparators)}: {self.published_title}, by Home Office "
                "offence group matched to police.uk crime types (see Data quality and methodology)")

    @property
    def published_note(self) -> str | None:
        """A note for every table and chart of comparator rates: where the published ones come from, for
        which period, and that they are Home Office offence groups matched to police.uk crime types."""
        names = self.published_comparators
        if not names:
            return None
        msg = next((n for n in names if n.startswith(MSG_LABEL)), None)
        text = (f"{join_and(names)} {'comes' if len(names) == 1 else 'come'} from published rates (see the source "
                "line), which are by Home Office offence group: each police.uk crime type is compared with the "
                "offence groups that make it up, e.g. violence against the person and sexual offences for violence "
                "and sexual offences (all are listed in Data quality and methodology)")
        text += "." if self.published.get("title") else "; the published table does not state its period."
        if msg is not None:
            members = self.published.get("msg_members") or []
            whose = f"its {len(members)} partnerships" if members else "its partnerships"
            text += (f" A {MSG_LABEL} is a set of partnerships the Home Office judges alike in population and "
                     f"circumstances; this one's rate is the average of {whose}' rates, and they are named there too.")
        return text

    def grouping_notes(self) -> list[str]:
        """What each of the report's own groupings of crime types holds ('Acquisitive crime is burglary,
        robbery... added together'), for the first table that shows it and the glossary."""
        notes = []
        for group, members in self.groupings.items():
            if group in (ALL_CRIME, ASB) or len(members) < 2 or group not in self.area_rates.index:
                continue
            notes.append(f"{group} is the police.uk crime types {join_and(m.lower() for m in members)}, "
                         "added together.")
        return notes

    def ordered_groups(self) -> list[tuple[str, int, bool]]:
        """Crime groups as the overview lists them: (group, indent level, bold).

        All crime first with its crime types indented beneath, then the other groupings
        (acquisitive crime...), then anti-social behaviour, which is not a crime.
        """
        present = list(dict.fromkeys(self.rates["crime_group"]))
        members = set(self.groupings.get(ALL_CRIME, []))
        order: list[tuple[str, int, bool]] = []
        if ALL_CRIME in present:
            order.append((ALL_CRIME, 0, True))
        order += [(g, 1, False) for g in present if g in members and g not in (ALL_CRIME, ASB)]
        order += [(g, 0, False) for g in present if g not in members and g not in (ALL_CRIME, ASB)]
        if ASB in present:
            order.append((ASB, 0, False))
        return order

    @cached_property
    def lsoas(self) -> pd.DataFrame:
        return self.assessment.table("lsoas")

    @cached_property
    def lsoa_weights(self):
        """Queen contiguity between the area's LSOAs that have a boundary (None without boundaries)."""
        if not self.boundaries:
            return None
        return lsoa_weights(list(self.lsoas["lsoa_code"]), dict(self.boundaries))

    @cached_property
    def ward_shapes(self) -> pd.DataFrame | None:
        """Each ward as the union of its LSOAs' boundaries (name, geometry as WKB), to outline and
        name on the maps; None without boundaries or wards. The largest wards by residents first.
        Every ward is outlined, so a reader can find any ward the tables name: the map itself leaves
        out (and lists under it) the names it has no room for."""
        if not self.boundaries or "ward_name" not in self.lsoas.columns:
            return None
        table = self.lsoas[self.lsoas["lsoa_code"].isin(self.boundaries.keys())].dropna(subset=["ward_name"])
        if table.empty:
            return None
        members: dict[str, list[int]] = {}  # ward -> the positions of its LSOAs in the table
        for position, ward in enumerate(table["ward_name"].tolist()):
            members.setdefault(str(ward), []).append(position)
        people = table["population"].fillna(0).to_numpy(float)
        names = sorted(members)  # by name, then by residents: equally populous wards come in a fixed order
        wards = pd.DataFrame({"name": names, "population": [float(people[members[n]].sum()) for n in names]})
        largest = wards.sort_values("population", ascending=False)["name"].tolist()
        shapes = shapely.from_wkb([self.boundaries[code] for code in table["lsoa_code"]])
        outlines = [shapely.to_wkb(_outline([shapes[i] for i in members[name]])) for name in largest]
        return pd.DataFrame({"name": largest, "geometry": outlines})

    def lsoa_shapes(self, values: pd.Series, names: pd.Series | None = None) -> pd.DataFrame | None:
        """LSOAs with a boundary, ready to map: code, name, geometry (WKB) and ``value``.

        ``values`` (and ``names``, to replace the LSOAs' own) are indexed by LSOA code. None when no
        boundaries were given. The shapes are gathered once per report: only the values differ between maps.
        """
        shapes = self.once("LSOA shapes", self._lsoa_shapes)
        if shapes is None:
            return None
        codes = shapes["code"]
        if names is not None:
            shapes = shapes.assign(name=codes.map(names).fillna(codes).to_numpy())
        return shapes.assign(value=codes.map(values).astype(float).to_numpy())

    def _lsoa_shapes(self) -> pd.DataFrame | None:
        if not self.boundaries:
            return None
        table = self.lsoas[self.lsoas["lsoa_code"].isin(self.boundaries.keys())]
        if table.empty:
            return None
        labels = table.set_index("lsoa_code")["lsoa_name"]
        return pd.DataFrame({
            "code": table["lsoa_code"].to_numpy(),
            "name": table["lsoa_code"].map(labels).fillna(table["lsoa_code"]).to_numpy(),
            "geometry": [self.boundaries[code] for code in table["lsoa_code"]],
        })


def _outline(shapes: list[shapely.Geometry]) -> shapely.Geometry:
    """The union of neighbouring shapes, each widened a little first so shared borders leave no slivers."""
    return shapely.union_all([shape.buffer(0.0001) for shape in shapes]).buffer(-0.0001)
