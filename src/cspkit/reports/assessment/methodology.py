"""Data quality and methodology: the caveats, the methods this report uses with their references (a
method whose chart, chapter or figure the report lacks is left out, so the appendix claims nothing
the report does not do), where the published comparators come from, the sources the assessment drew
on (one row each), the licence and how to reproduce the figures; then the glossary."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

import pandas as pd

from cspkit.assess.groups import ALL_CRIME
from cspkit.assess.published import MSG_LABEL, OFFENCE_GROUPS
from cspkit.reports.assessment.archives import MIN_POINTS
from cspkit.reports.assessment.inputs import ReportInputs
from cspkit.reports.assessment.layout import os_year, seasonal_centre
from cspkit.reports.assessment.partnership_records import PartnershipRecords
from cspkit.reports.assessment.priority_facts import PriorityFacts, choose_profiles, headline_column, priority_facts
from cspkit.reports.assessment.wording import date_in_words, join_and, plural, slug
from cspkit.reports.document import Block, BulletList, Column, Paragraph, Section, Table
from cspkit.reports.maps import os_attribution
from cspkit.stats.harm import CCHI, CSS, SCHEMES, UNITS

#: The kinds of loaded file an assessment reads (police.uk street records are listed by force and month).
USED_KINDS = ("lookup", "population", "deprivation", "boundaries", "home-office", "harm")
_MONTH = re.compile(r"^(\d{4}-\d{2})-")

OGL = ("Contains public sector information licensed under the "
       "[Open Government Licence v3.0](https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/).")

#: Each method's words; :func:`methods_used` keeps those of the figures this report shows.
RATES = ("**Rates per 1,000 residents** divide the records in the period by the residents of the area (ONS mid-year "
         "population estimates) and multiply by 1,000. Their 95% confidence intervals are exact (Poisson) below 10 "
         "records and by Byar's approximation from 10, as Public Health England's Fingertips.")
COMPARISONS = ("**Comparisons with benchmarks** call a rate statistically significantly higher or lower when its "
               "95% confidence interval excludes the benchmark's rate, and similar otherwise (Fingertips' method).")
OUTCOME_SHARES = (f"The executive summary names an outcome share only when it is also at least {MIN_POINTS * 100:.0f} "
                  "percentage points from the force's: with tens of thousands of crimes a smaller gap can be "
                  "significant yet too small to act on.")
CHANGE = ("**Change between two periods** is tested with the score test for the ratio of two Poisson rates, with its "
          "interval; a change is called an increase or decrease only when the test finds it (Gu et al. 2008).")
TREND_RULE = ("from 24 usable months (two full years): with fewer, each calendar month is seen once at most and the "
              "seasonal rise and fall of crime can pass for a trend (a seasonal decomposition needs two complete "
              "cycles).")
TRENDS = ("**Trends** are log-linear (quasi-Poisson) regressions of monthly counts, allowing for counts that vary "
          "more than chance alone would give; months the data-quality checks flag are left out. An annual rate of "
          "change is given only " + TREND_RULE)
NO_TRENDS = ("**Trends** (an annual rate of change) are given only " + TREND_RULE + " This assessment has fewer "
             "usable months, so none is given.")
FORECASTS = ("**Forecasts** use exponential smoothing (ETS, additive seasonality, Hyndman et al. 2008) and are drawn "
             "only from 24 consecutive usable months, with 95% prediction intervals.")
SEASONALITY = "**Seasonality** is measured by STL decomposition where two full years are loaded."
CONTROL_CHARTS = (
    "**Control charts** are XmR charts with limits at the mean plus or minus 2.66 times the average moving range "
    "(moving ranges above 3.267 times their mean screened out), drawn from at least 12 months, and special causes "
    "found by the NHS Making Data Count rules as NHSRplotthedots applies them: a point beyond a limit, seven points "
    "on one side of the centre, seven points each higher or each lower, two of three points near a limit on the "
    "same side.")
SEASONAL_LIMITS = ("Where two years show a stable seasonal pattern (Kruskal-Wallis test), the rules are applied to "
                   "the seasonally adjusted months and the centre and limits follow the season, so summer peaks are "
                   "not called special causes.")
CONCENTRATION = "**Concentration** is shown by the Lorenz curve and its Gini coefficient across LSOAs."
PRIORITY_WARDS = ("**Priority wards** are wards whose rate is significantly above the area's, compared with the "
                  "other wards, with each ward's share of residents set beside its share of crime.")
LSOA_HOT_SPOTS = "on LSOA counts (neighbours share a boundary or a corner)"
GRID_HOT_SPOTS = "on a 250 metre grid (neighbours within 500 metres)"
PERSISTENCE = ("Whether a hot spot is persistent, emerging or new is read quarter by quarter from whole quarters with "
               "no flagged or missing month, and only when at least 3 such quarters remain.")

#: Each reference by the method that cites it, in the order the report lists them.
REFERENCES: dict[str, str] = {
    "fingertips": "Public Health England. *Technical Guide: Confidence Intervals* (Fingertips), and the R package "
                  "PHEindicatormethods.",
    "byar": "Breslow, N. E. and Day, N. E. (1987). *Statistical Methods in Cancer Research*, Vol. II. IARC Scientific "
            "Publications 82 (Byar's approximation).",
    "garwood": "Garwood, F. (1936). Fiducial limits for the Poisson distribution. *Biometrika* 28, 437-442.",
    "wilson": "Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference. *Journal "
              "of the American Statistical Association* 22, 209-212.",
    "gu": "Gu, K., Ng, H. K. T., Tang, M. L. and Schucany, W. R. (2008). Testing the ratio of two Poisson rates. "
          "*Biometrical Journal* 50, 283-298.",
    "glm": "McCullagh, P. and Nelder, J. A. (1989). *Generalized Linear Models*, 2nd edition (quasi-Poisson models).",
    "ets": "Hyndman, R. J., Koehler, A. B., Ord, J. K. and Snyder, R. D. (2008). *Forecasting with Exponential "
           "Smoothing: the State Space Approach*. Springer.",
    "stl": "Cleveland, R. B., Cleveland, W. S., McRae, J. E. and Terpenning, I. (1990). STL: a seasonal-trend "
           "decomposition procedure based on loess. *Journal of Official Statistics* 6, 3-73.",
    "spc": "NHS England and NHS Improvement (2019). *Making Data Count: getting started*; NHS-R Community, "
           "*NHSRplotthedots* (R package); Wheeler, D. J. (2000). *Understanding Variation*, 2nd edition, and (2003) "
           "*Making Sense of Data*. SPC Press.",
    "lorenz": "Lorenz, M. O. (1905). Methods of measuring the concentration of wealth. *Publications of the American "
              "Statistical Association* 9, 209-219.",
    "gi": "Getis, A. and Ord, J. K. (1992). The analysis of spatial association by use of distance statistics. "
          "*Geographical Analysis* 24, 189-206.",
    "fdr": "Benjamini, Y. and Hochberg, Y. (1995). Controlling the false discovery rate. *Journal of the Royal "
           "Statistical Society B* 57, 289-300.",
    CCHI: "Sherman, L. W., Neyroud, P. W. and Neyroud, E. (2016). The Cambridge Crime Harm Index: measuring total "
          "harm from crime based on sentencing guidelines. *Policing* 10, 171-183.",
    CSS: "Office for National Statistics (2016). *Research outputs: developing a Crime Severity Score for England and "
         "Wales using data on crimes recorded by the police*.",
    "imd": "Ministry of Housing, Communities and Local Government (2019). *The English Indices of Deprivation 2019*.",
}


GLOSSARY = (
    ("ASB", "Anti-social behaviour: behaviour causing, or likely to cause, harassment, alarm or distress. police.uk "
            "counts ASB incidents, which are not crimes."),
    ("Community Safety Partnership (CSP)", "The police, council, fire and rescue, probation and health services "
                                           "of an area, working together under the Crime and Disorder Act 1998."),
    ("Confidence interval", "The range within which the true rate is likely to lie (95% of the time), given the "
                            "chance variation in small numbers."),
    ("Control limits", "The range a monthly count usually varies within; a month outside them, or an unusual run, "
                       "is a special cause worth looking into."),
    ("Gi* (Getis-Ord)", "A statistic that asks whether an area and its neighbours together have more (a hot spot) "
                        "or fewer (a cold spot) records than chance would give."),
    ("Gini coefficient", "How unevenly crime is spread across places: 0 if every place had the same, near 1 if one "
                         "place had it all."),
    ("IMD decile", "Tenths of the neighbourhoods of England ranked by the Index of Multiple Deprivation: decile 1 "
                   "is the most deprived tenth."),
    ("LSOA", "Lower layer Super Output Area: a neighbourhood of about 1,500 residents that ONS uses to publish "
             "statistics."),
    ("MoRiLE", "Management of Risk in Law Enforcement: a way of scoring threats by harm, likelihood and an "
               "organisation's position, used to set priorities."),
    ("Most Similar Group (MSG)", "A group of Community Safety Partnerships the Home Office judges most like "
                                 "this one in population and the social and economic characteristics that relate "
                                 "to crime; comparing with them sets a partnership beside places like it."),
    ("Rate per 1,000", "Records for every 1,000 residents, so areas of different sizes can be compared."),
    ("Statistically significant", "Too large a difference or change to be put down to chance alone (here, at the "
                                  "95% level)."),
    ("Ward", "The area a councillor is elected for; LSOAs are grouped into wards."),
)


def methodology_sections(inputs: ReportInputs, records: PartnershipRecords | None = None) -> list[Section]:
    """The appendix; ``records`` (the partnership's casework and commissioning records, when the report
    has them) are listed among the sources."""
    sections = [
        Section("methodology", "Data quality and methodology", _data_quality(inputs), new_page=True),
        Section("methods", "Methods", [BulletList(methods_used(inputs)), Paragraph("**References**"),
                                       BulletList(references_used(inputs))], level=2),
    ]
    if comparators := comparator_blocks(inputs):
        sections.append(Section("comparator-sources", "Comparators from published rates", comparators, level=2))
    sections += [
        Section("sources", "Sources", _sources(inputs, records), level=2),
        Section("licence", "Licence, copyright and reproducing the figures", _licence(inputs), level=2),
    ]
    return sections


@dataclass(frozen=True)
class HarmIndex:
    """The harm index behind a report's harm figures: its name as printed beside them, and the unit of
    its weights (so of every harm-weighted count)."""

    name: str
    unit: str

    @classmethod
    def named(cls, name: str) -> HarmIndex:
        """The index of a printed name ('Cambridge Crime Harm Index (ONS 2020)'), with its unit where known."""
        units = {SCHEMES[scheme]: unit for scheme, unit in UNITS.items()}
        return cls(name, units.get(name, "harm weights"))


def harm_index(inputs: ReportInputs) -> HarmIndex | None:
    """The harm index the report's harm figures use, from the assessment's harm table: None when it has
    none (no index loaded, or no Home Office table to weight the crime types by)."""
    harm = inputs.assessment.tables.get("harm")
    if harm is None or harm.empty or "harm_index" not in harm.columns:
        return None
    index = HarmIndex.named(str(harm["harm_index"].iloc[0]))
    if "unit" in harm.columns and pd.notna(harm["unit"].iloc[0]):
        return HarmIndex(index.name, str(harm["unit"].iloc[0]))
    return index


@dataclass(frozen=True)
class Method:
    """One method as this report uses it, and the keys of the references it cites."""

    text: str
    cites: tuple[str, ...] = ()


def methods_used(inputs: ReportInputs) -> list[str]:
    """The methods of the figures this report shows, and no others."""
    return [method.text for method in _methods(inputs)]


def references_used(inputs: ReportInputs) -> list[str]:
    """The references of the methods this report uses (and of the deprivation index, when it is shown)."""
    cited = _cited(inputs)
    if _deprivation_shown(inputs):
        cited.add("imd")
    return [text for key, text in REFERENCES.items() if key in cited]


def _cited(inputs: ReportInputs) -> set[str]:
    """The keys of the references the methods this report uses cite: what the appendix, the glossary and the
    data-quality table judge by what the report shows."""
    return {key for method in _methods(inputs) for key in method.cites}


def _methods(inputs: ReportInputs) -> list[Method]:
    """Each method, decided from what the report's sections show: a chart with control limits, a
    forecast or a seasonal profile only where the overall direction or a priority's page draws one."""
    def work() -> list[Method]:
        found = [Method(RATES, ("fingertips", "byar", "garwood")), Method(COMPARISONS, ("fingertips",)),
                 _shares(inputs), _change(inputs), _trends(inputs), *_series_methods(inputs),
                 _concentration(inputs), _priority_wards(inputs), _hot_spots(inputs), _harm(inputs),
                 _priorities(inputs)]
        return [method for method in found if method is not None]
    return inputs.once(("methods used",), work)


def _shares(inputs: ReportInputs) -> Method | None:
    """The Wilson intervals of the outcomes and stop and search chapters' shares, where they are written."""
    tables = inputs.assessment.tables
    outcomes = "outcomes" in tables and not tables["outcomes"].empty
    kinds = ["police.uk outcomes"] if outcomes else []
    kinds += ["stop and search results"] if "stop_search_rates" in tables else []
    if not kinds:
        return None
    text = f"**Shares**, of {join_and(kinds)}, have Wilson score intervals and are compared in the same way."
    return Method(text + (f" {OUTCOME_SHARES}" if outcomes else ""), ("wilson",))


def _change(inputs: ReportInputs) -> Method | None:
    """The test of change, when some earlier period was loaded in full to compare with."""
    change = inputs.assessment.table("change")
    if change.empty or "available" not in change.columns or not change["available"].astype(bool).any():
        return None
    return Method(CHANGE, ("gu",))


def _trends(inputs: ReportInputs) -> Method | None:
    """The trend model where some annual trend is given; else why none is (too few months)."""
    trend = inputs.assessment.table("trend")
    if trend.empty:
        return None
    if "annual_percent_change" in trend.columns and trend["annual_percent_change"].notna().any():
        return Method(TRENDS, ("glm",))
    return Method(NO_TRENDS)


def _series_methods(inputs: ReportInputs) -> list[Method | None]:
    """Forecasts, seasonality and control charts, each only where a chart or a priority's page shows it."""
    facts = [priority_facts(inputs, profile) for profile in choose_profiles(inputs)[0]]
    limits = [frame for frame in (_or_none(inputs.rows_of("spc", "crime_group", ALL_CRIME)), *(f.spc for f in facts))
              if frame is not None]
    ahead = not inputs.rows_of("forecast", "crime_group", ALL_CRIME).empty or _any(facts, "forecast")
    seasons = _any(facts, "seasonality")
    seasonal = any(seasonal_centre(frame) for frame in limits)
    return [Method(FORECASTS, ("ets",)) if ahead else None,
            Method(SEASONALITY, ("stl",)) if seasons else None,
            Method(CONTROL_CHARTS + (f" {SEASONAL_LIMITS}" if seasonal else ""), ("spc",)) if limits else None]


def _any(facts: list[PriorityFacts], field: str) -> bool:
    return any(getattr(f, field) is not None for f in facts)


def _or_none(frame: pd.DataFrame) -> pd.DataFrame | None:
    return None if frame.empty else frame


def _concentration(inputs: ReportInputs) -> Method | None:
    shown = [inputs.assessment.table(name) for name in ("lorenz", "concentration")]
    return Method(CONCENTRATION, ("lorenz",)) if any(not table.empty for table in shown) else None


def _priority_wards(inputs: ReportInputs) -> Method | None:
    """The priority wards' comparison, shown when some wards but not all are significantly above the area."""
    wards = inputs.assessment.table("wards")
    column = f"{headline_column(ALL_CRIME)}_vs_area_95"
    if wards.empty or column not in wards.columns:
        return None
    chosen = wards[column] == "higher"
    return Method(PRIORITY_WARDS) if chosen.any() and not chosen.all() else None


def _hot_spots(inputs: ReportInputs) -> Method | None:
    """Gi* on LSOAs, and on the grid where its map is drawn (only when some square is significant)."""
    tables = inputs.assessment.tables
    grid = tables.get("grid_hotspots", pd.DataFrame())
    on = [LSOA_HOT_SPOTS] if not tables.get("lsoa_hotspots", pd.DataFrame()).empty else []
    if inputs.boundaries and not grid.empty and (grid["hotspot"] != "not significant").any():
        on.append(GRID_HOT_SPOTS)
    if not on:
        return None
    text = (f"**Hot spots** are found with the Getis-Ord Gi* statistic {' and '.join(on)}; p-values are corrected "
            "for testing every place at once with the Benjamini-Hochberg false discovery rate.")
    return Method(text + (f" {PERSISTENCE}" if on[0] == LSOA_HOT_SPOTS else ""), ("gi", "fdr"))


def _harm(inputs: ReportInputs) -> Method | None:
    index = harm_index(inputs)
    if index is None:
        return None
    sentence = (", the sentencing guidelines' starting point for a first offender"
                if index.unit == "days of imprisonment" else "")
    text = (f"**Harm** weights each crime type by the {index.name}, averaged over the offences that make it up. "
            f"Its weights, and so the harm-weighted counts, are in {index.unit}{sentence}.")
    return Method(text, (index.name,))


def _priorities(inputs: ReportInputs) -> Method | None:
    ranking = inputs.ranking
    if ranking is None:
        return None
    return Method("**Priorities** are scored with a stated template in the spirit of MoRiLE (Management of Risk in "
                  "Law Enforcement): harm, likelihood and the partnership's position, each from people's scores or "
                  f"the evidence. Every weight is moved by {ranking.sensitivity.step:.0%} in turn to see whether the "
                  "order holds.")


def _deprivation_shown(inputs: ReportInputs) -> bool:
    lsoas = inputs.lsoas
    return "imd_decile" in lsoas.columns and bool(lsoas["imd_decile"].notna().any())


def comparator_blocks(inputs: ReportInputs) -> list[Block]:
    """Where the published comparators come from and for which period, how their offence groups were
    matched to police.uk crime types, and the Most Similar Group's members and who defines it."""
    names = inputs.published_comparators
    if not names:
        return []
    published = inputs.published
    period = f" for the {inputs.published_period}" if inputs.published_period else ""
    file = f" ({published['file']})" if published.get("file") else ""
    title = (f", titled \u201c{published['title']}\u201d" if published.get("title")
             else ". The table does not state its period, which may differ from this assessment's")
    unmatched = _unmatched(inputs)
    blocks: list[Block] = [Paragraph(
        f"{join_and(names)} {'is' if len(names) == 1 else 'are'} compared using published rates per 1,000 residents"
        f"{period}, from the table the analyst loaded{file}{title}. {inputs.area} and the force are counted from "
        "police.uk records. The published rates are by Home Office offence group; each police.uk crime type is "
        "compared with the offence groups that make it up, as the table below shows."
        + (f" {join_and(unmatched)} {'has' if len(unmatched) == 1 else 'have'} no matching offence group, so "
           f"{'it is' if len(unmatched) == 1 else 'they are'} marked N/A." if unmatched else ""))]
    matched = _matching(inputs)
    if not matched.empty:
        blocks.append(Table.from_frame(
            "offence-group-matching", "Published offence groups matched to police.uk crime types", matched,
            [Column("group", "police.uk crime type"), Column("offences", "Published offence groups added together")],
            source="cspkit's matching of published offence groups to police.uk crime types",
            sheet_name="Offence group matching"))
    members = [str(m) for m in published.get("msg_members") or []]
    if members:
        msg_file = f" ({published['msg_file']})" if published.get("msg_file") else ""
        blocks.append(Paragraph(
            f"The {MSG_LABEL} is the list of {plural(len(members), 'partnership')} the analyst loaded{msg_file}: "
            f"{join_and(members)}. Its rate for each crime type is the average of their published rates. Most "
            "Similar Groups are defined by the Home Office, which groups partnerships alike in population and the "
            "social and economic characteristics that relate to crime, and shares them through iQuanta."))
    return blocks


def _period_words(inputs: ReportInputs) -> str:
    """Whether the published rates' period is known, from the title of the table loaded."""
    if inputs.published.get("title"):
        return "Their period is the one that title gives."
    return "The table does not state its period, which may differ from this assessment's."


def _unmatched(inputs: ReportInputs) -> list[str]:
    """The report's crime groups that no published offence group matches (acquisitive crime...)."""
    matched = set(OFFENCE_GROUPS.values())
    return [g for g, _, _ in inputs.ordered_groups() if g not in matched]


def _matching(inputs: ReportInputs) -> pd.DataFrame:
    """Each police.uk crime group the published comparators give a rate for, with its offence groups."""
    compared = set(inputs.rates.loc[inputs.rates["comparator"].isin(inputs.published_comparators)
                                    & inputs.rates["rate"].notna(), "crime_group"])
    # the offence groups as the loaded table names them; all cspkit can match when it was not recorded
    named = [str(o) for o in inputs.published.get("offence_groups") or []]
    names = {o.lower(): o for o in named} or {o: o[0].upper() + o[1:] for o in OFFENCE_GROUPS if o != "burglary"}
    offences: dict[str, list[str]] = {}
    for offence, name in names.items():
        group = OFFENCE_GROUPS[offence]
        if group in compared:
            offences.setdefault(group, []).append(name)
    order = [g for g, _, _ in inputs.ordered_groups() if g in offences]
    return pd.DataFrame({"group": order, "offences": [" + ".join(offences[g]) for g in order]})


def glossary_section(inputs: ReportInputs | None = None) -> Section:
    """The glossary, with the crime groupings of this report (e.g. acquisitive crime) defined by the
    police.uk crime types the assessment summed for them."""
    terms = [t for t in GLOSSARY if inputs is None or _term_used(inputs, t[0])]
    terms += _grouping_terms(inputs) if inputs is not None else []
    terms.sort(key=lambda item: item[0].lower())
    # a term's own asterisk (Gi*) is escaped, or Markdown takes it for emphasis: "Gi (Getis-Ord)*"
    items = (f"**{term.replace('*', chr(92) + '*')}**: {meaning}" for term, meaning in terms)
    return Section("glossary", "Glossary", [BulletList(items)], new_page=True)


def _term_used(inputs: ReportInputs, term: str) -> bool:
    """Whether the report uses a term the glossary defines: control limits, Gi*, the Gini coefficient, MoRiLE,
    the Most Similar Group and IMD deciles only where a chart, table or comparator of the report shows them."""
    cited = _cited(inputs)
    needs = {"Control limits": "spc" in cited, "Gi* (Getis-Ord)": "gi" in cited, "Gini coefficient": "lorenz" in cited,
             "MoRiLE": inputs.ranking is not None,
             "Most Similar Group (MSG)": any("Most Similar Group" in str(c) for c in inputs.comparators),
             "IMD decile": _deprivation_shown(inputs)}
    return needs.get(term, True)


def _grouping_terms(inputs: ReportInputs) -> list[tuple[str, str]]:
    """The report's groupings of police.uk crime types other than all crime (acquisitive crime...)."""
    found = []
    for group, members in inputs.groupings.items():
        if group == ALL_CRIME or len(members) < 2:
            continue
        found.append((group, f"The police.uk crime types {join_and(m.lower() for m in members)}, added together."))
    return found


def _flagged_months_use(inputs: ReportInputs) -> str:
    """What a month that changes the counts does in this report: left out of its trends and control limits
    where it has them; else counted, to be read with care (Cannock Chase's said "left out" of limits it lacks)."""
    cited = _cited(inputs)
    uses = [name for key, name in (("glm", "trends"), ("spc", "control limits")) if key in cited]
    return f"Yes: in the totals, left out of the {join_and(uses)}" if uses else "Yes: in the totals, read with care"


def _data_quality(inputs: ReportInputs) -> list[Block]:
    blocks: list[Block] = list(inputs.blocks("data-quality"))
    quality = inputs.assessment.table("data_quality")
    if not quality.empty:
        table = quality.assign(
            month=[f"{pd.Timestamp(m):%B %Y}" if m is not None and not pd.isna(m) else "Every month"
                   for m in quality["month"]],
            affects=quality["affects_counts"].map({True: _flagged_months_use(inputs), False: "No"}))
        blocks.append(Table.from_frame(
            "data-quality", "Data-quality flags on the police.uk files used", table,
            [Column("kind", "Flag"), Column("month", "Month"), Column("message", "What to know"),
             Column("affects", "Changes counts")],
            source="Checks of the loaded police.uk files, made when the assessment was built",
            sheet_name="Data quality"))
    if not blocks:
        blocks.append(Paragraph("The checks of the loaded police.uk files found nothing to flag for this period."))
    return blocks


#: Kind of loaded file -> (publisher, dataset), as a reader names them.
PUBLISHERS: dict[str, tuple[str, str]] = {
    "police-uk-street": ("Home Office (data.police.uk)", "Street-level crime and anti-social behaviour"),
    "police-uk-outcomes": ("Home Office (data.police.uk)", "Outcomes of crimes"),
    "police-uk-stop-and-search": ("Home Office (data.police.uk)", "Stop and search"),
    "lookup": ("Office for National Statistics", "Geography lookups: LSOA to ward, district, partnership and force"),
    "population": ("Office for National Statistics", "Mid-year population estimates by LSOA"),
    "deprivation": ("Ministry of Housing, Communities and Local Government", "English Indices of Deprivation"),
    "boundaries": ("Office for National Statistics", "Boundaries of LSOAs and wards (for the maps)"),
    "home-office": ("Home Office", "Police recorded crime by offence group"),
    "harm": ("Office for National Statistics", "Crime harm index"),
    "ethnicity": ("Office for National Statistics", "Census 2021 ethnic group by local authority"),
    "indicators": ("Partner agencies", "Partner measures (see \u201cWhat partners' records show\u201d)"),
}


def _sources(inputs: ReportInputs, records: PartnershipRecords | None = None) -> list[Block]:
    """One row per source (publisher, dataset, period, files, date loaded): the file-by-file list with
    checksums would run to pages no reader uses, so it is kept with the saved assessment."""
    files = pd.DataFrame(list(inputs.assessment.inputs))
    rows: list[tuple[str, str, str, str, str]] = []
    detail = None
    if not files.empty:
        files, _ = _used(inputs, files)
        # a file loaded twice (the same name, member and contents) is one file: its latest load is listed
        keys = [c for c in ("source_file", "member", "sha256") if c in files.columns]
        files = files.sort_values("loaded_at").drop_duplicates(keys, keep="last")
        detail = _file_list(files)
        for kind, group in files.groupby("kind", sort=False):
            publisher, dataset = _publisher(inputs, str(kind))
            loaded = date_in_words(str(group["loaded_at"].astype(str).max()))
            rows.append((publisher, dataset, _source_period(inputs, str(kind), group),
                         plural(len(group), "file"), loaded))
    rows += _supplied(inputs, records)
    blocks: list[Block] = [Paragraph(
        "Every source the assessment drew on, one row each. Each file's name, rows and SHA-256 checksum are in the "
        "Excel workbook (sheet \u201cInput files\u201d) and recorded with the saved assessment "
        f"{inputs.assessment.identifier}, so anyone can check that a file is byte-for-byte the one used.")]
    if not rows:
        return blocks
    frame = pd.DataFrame(rows, columns=["publisher", "dataset", "period", "files", "loaded"])
    blocks.append(Table.from_frame(
        "input-files", "Sources the assessment drew on", frame,
        [Column("publisher", "Publisher"), Column("dataset", "Dataset"), Column("period", "Period"),
         Column("files", "Files"), Column("loaded", "Loaded or supplied")],
        source="The assessment's record of the files it read", sheet_name="Sources", detail=detail))
    return blocks


def _publisher(inputs: ReportInputs, kind: str) -> tuple[str, str]:
    """Who publishes a kind of file and what it is; a harm index by the name its figures carry."""
    publisher, dataset = PUBLISHERS.get(kind, ("", kind))
    index = harm_index(inputs) if kind == "harm" else None
    return (publisher, f"{index.name}, weights in {index.unit}") if index is not None else (publisher, dataset)


def _file_list(files: pd.DataFrame) -> Table:
    """Every file behind the sources table, with its full checksum: for the workbook only."""
    members = files["member"] if "member" in files.columns else pd.Series([None] * len(files), index=files.index)
    frame = files.assign(
        file=[_file_name(str(path), str(kind)) + (f" ({member})" if isinstance(member, str) and member else "")
              for path, member, kind in zip(files["source_file"], members, files["kind"], strict=True)],
        loaded=files["loaded_at"].astype(str).str[:10])
    return Table.from_frame(
        "input-file-list", "Files the assessment drew on, with their SHA-256 checksums", frame,
        [Column("kind", "Kind"), Column("file", "File"), Column("rows", "Rows", "integer"),
         Column("sha256", "SHA-256"), Column("loaded", "Loaded")],
        source="The assessment's record of the files it read", sheet_name="Input files")


def _source_period(inputs: ReportInputs, kind: str, group: pd.DataFrame) -> str:
    """The period a source covers, where the files say it: police.uk months from their names, the
    population year and the Home Office financial year from the assessment; else 'As published'."""
    if kind.startswith("police-uk-"):
        months = sorted(m.group(1) for name in group["source_file"].astype(str)
                        if (m := _MONTH.match(PurePath(name).name)))
        if months:
            first, last = pd.Timestamp(months[0] + "-01"), pd.Timestamp(months[-1] + "-01")
            return f"{first:%B %Y} to {last:%B %Y}"
    if kind == "population" and inputs.population_year:
        return f"Mid-{inputs.population_year}"
    if kind == "home-office":
        table = inputs.assessment.table("home_office_rates")
        if not table.empty:
            return f"Financial year {table['financial_year'].iloc[0]}"
    if kind == "ethnicity":
        return "Census 2021"
    return "As published"


def _supplied(inputs: ReportInputs, records: PartnershipRecords | None) -> list[tuple[str, str, str, str, str]]:
    """The sources the analyst supplied besides the loaded files: the published comparator rates, the Most
    Similar Group list, the panel's scores, the casework and commissioning records."""
    rows: list[tuple[str, str, str, str, str]] = []
    published = inputs.published
    if published:
        rows.append(("As the title states",
                     f"Recorded crime rates by partnership area: {inputs.published_title}", _title_period(inputs),
                     str(published.get("file", "")), "Supplied by the analyst"))
        if published.get("msg_members"):
            members = len(published["msg_members"])
            rows.append(("Not stated in the file", f"Most Similar Group list ({plural(members, 'partnership')})",
                         "Not stated in the file", str(published.get("msg_file", "")), "Supplied by the analyst"))
    ranking = inputs.ranking
    if ranking is not None and ranking.scorers:
        rows.append((f"{inputs.area} Community Safety Partnership",
                     f"Scores of the candidate priorities by {plural(len(ranking.scorers), 'person', 'people')}",
                     f"Scoring session {inputs.session_id}" if inputs.session_id is not None else "This assessment",
                     "", "Supplied by the analyst"))
    if inputs.survey is not None:
        survey = inputs.survey
        rows.append((f"{inputs.area} Community Safety Partnership",
                     f"Consultation survey ({survey.respondents:,} responses)", survey.when() or "Not dated",
                     survey.file, "Supplied by the analyst"))
    if records is not None and records.casework is not None:
        periods = records.casework.periods
        rows.append((f"{inputs.area} Community Safety Partnership", "ASB casework counts (case management system)",
                     f"{periods[0].starts:%B %Y} to {periods[-1].ends:%B %Y}",
                     records.casework.path.name, "Supplied by the analyst"))
    if records is not None and records.projects:
        starts = min(p.project.starts for p in records.projects)
        ends = max(p.project.ends for p in records.projects)
        rows.append((f"{inputs.area} Community Safety Partnership", "Commissioning records of projects",
                     f"{starts:%B %Y} to {ends:%B %Y}", plural(len(records.projects), "project"),
                     "Supplied by the analyst"))
    return rows


def _title_period(inputs: ReportInputs) -> str:
    """The published table's period from its title ('Year ending March 2026'), or that it gives none."""
    period = inputs.published_period
    return period[0].upper() + period[1:] if period else "Not stated in the table"


def _used(inputs: ReportInputs, files: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The load records of the files this assessment read: the kinds it uses, and of police.uk only the
    force's files for the months analysed (a national store holds thousands of others)."""
    quality = inputs.assessment.table("data_quality")
    forces = set(quality["force"].dropna().astype(str)) if "force" in quality.columns else set()
    if inputs.assessment.parameters.get("force"):
        forces.add(slug(str(inputs.assessment.parameters["force"])))
    monthly = inputs.assessment.table("monthly")
    first = f"{pd.Timestamp(monthly['month'].min()):%Y-%m}" if not monthly.empty else "0000-00"
    last = f"{inputs.assessment.period.end:%Y-%m}"
    kinds = files["kind"].astype(str)
    names = files["source_file"].astype(str).map(lambda path: PurePath(path).name.lower())
    # the outcomes and stop and search chapters read their own police.uk files, and the Census
    # ethnicity table for the rates of search by ethnicity
    tables = inputs.assessment.tables

    def held(name: str) -> bool:
        return name in tables and not tables[name].empty

    read = {"police-uk-street"} | {kind for kind, table in (("police-uk-outcomes", "outcomes"),
                                                           ("police-uk-stop-and-search", "stop_search")) if held(table)}
    # a harm index weighs nothing without a Home Office table to weight the crime types by: then it is unused
    used = ((set(USED_KINDS) - ({"harm"} if harm_index(inputs) is None else set()))
            | ({"ethnicity"} if held("stop_search_ethnicity") else set())
            | ({"indicators"} if held("partner_indicators") else set()))

    def wanted(kind: str, name: str) -> bool:
        if kind.startswith("police-uk-"):
            month = _MONTH.match(name)
            in_window = month is None or first <= month.group(1) <= last
            return kind in read and in_window and (not forces or any(f"-{force}-" in name for force in forces))
        return kind in used

    keep = [wanted(kind, name) for kind, name in zip(kinds, names, strict=True)]
    return files[keep], len(files) - sum(keep)


def _file_name(path: str, kind: str) -> str:
    """The file's name; for boundaries with its folder too (lsoa11/E07900001.json, wards13/E07900001.json):
    boundary files of each level are named by the district, so the name alone repeats."""
    parts = PurePath(path).parts
    return "/".join(parts[-2:]) if kind == "boundaries" and len(parts) > 1 else parts[-1] if parts else path


def _history(parameters: dict) -> str:
    """The months before the period that the trends and limits used, as loaded (not as asked for)."""
    earlier = parameters.get("earlier_months")
    if earlier is None:  # an assessment saved before cspkit recorded it
        return f"with up to {parameters.get('history_months', '?')} earlier months"
    if earlier <= 0:
        return "with no earlier months loaded"
    return f"with the {plural(earlier, 'earlier month')} loaded"


def _licence(inputs: ReportInputs) -> list[Block]:
    assessment = inputs.assessment
    parameters = assessment.parameters
    comparators = parameters.get("comparators") or []
    return [
        Paragraph(f"{OGL} police.uk data are published by the Home Office; population estimates and geography by the "
                  "Office for National Statistics; the Indices of Deprivation by the Ministry of Housing, Communities "
                  "and Local Government."),
        Paragraph(f"{os_attribution(os_year(inputs))}. Contains National Statistics data © Crown copyright and "
                  "database right."),
        Paragraph(f"This report was made with cspkit {assessment.cspkit_version} from assessment "
                  f"{assessment.identifier}, created on {date_in_words(assessment.created_at)}: {assessment.area} over "
                  f"{assessment.period.label()}, {_history(parameters)}, "
                  f"the mid-{parameters.get('population_year', '?')} population and the comparators "
                  f"{', '.join(comparators[1:]) or 'none'}. Rebuilding it from the same files gives the same figures."),
    ]
