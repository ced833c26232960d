"""Data quality and methodology: the caveats, every method with its reference, where the published
comparators come from, the sources the assessment drew on (one row each), the licence and how to
reproduce the figures; then the glossary."""

from __future__ import annotations

import re
from pathlib import PurePath

import pandas as pd

from cspkit.assess.groups import ALL_CRIME
from cspkit.assess.published import MSG_LABEL, OFFENCE_GROUPS
from cspkit.reports.assessment.archives import MIN_POINTS
from cspkit.reports.assessment.inputs import ReportInputs
from cspkit.reports.assessment.layout import os_year
from cspkit.reports.assessment.partnership_records import PartnershipRecords
from cspkit.reports.assessment.wording import date_in_words, join_and, plural, slug
from cspkit.reports.document import Block, BulletList, Column, Paragraph, Section, Table
from cspkit.reports.maps import os_attribution

#: The kinds of loaded file an assessment reads (police.uk street records are listed by force and month).
USED_KINDS = ("lookup", "population", "deprivation", "boundaries", "home-office", "harm")
_MONTH = re.compile(r"^(\d{4}-\d{2})-")

OGL = ("Contains public sector information licensed under the "
       "[Open Government Licence v3.0](https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/).")

METHODS = (
    "**Rates per 1,000 residents** divide the records in the period by the residents of the area (ONS mid-year "
    "population estimates) and multiply by 1,000. Their 95% and 99.8% confidence intervals are exact (Poisson) "
    "below 10 records and by Byar's approximation from 10, as Public Health England's Fingertips.",
    "**Comparisons with benchmarks** call a rate statistically significantly higher or lower when its 95% "
    "confidence interval excludes the benchmark's rate, and similar otherwise (Fingertips' method). Shares, such "
    "as survey results and police.uk outcomes, have Wilson score intervals. The executive summary names an outcome "
    "share only when it is also at least "
    f"{MIN_POINTS * 100:.0f} percentage points from the force's: with tens of thousands of crimes a "
    "smaller gap can be significant yet too small to act on.",
    "**Change between two periods** is tested with the score test for the ratio of two Poisson rates, with its "
    "interval; a change is called an increase or decrease only when the test finds it (Gu et al. 2008).",
    "**Trends** are log-linear (quasi-Poisson) regressions of monthly counts, allowing for counts that vary more "
    "than chance alone would give; months the data-quality checks flag are left out. An annual rate of change is "
    "given only from 24 usable months (two full years): with fewer, each calendar month is seen once at most and "
    "the seasonal rise and fall of crime can pass for a trend (a seasonal decomposition needs two complete "
    "cycles).",
    "**Forecasts** use exponential smoothing (ETS, additive seasonality, Hyndman et al. 2008) and are drawn only "
    "from 24 consecutive usable months, with 95% prediction intervals. **Seasonality** is measured by STL "
    "decomposition where two full years are loaded.",
    "**Control charts** are XmR charts with limits at the mean plus or minus 2.66 times the average moving range "
    "(moving ranges above 3.267 times their mean screened out), drawn from at least 12 months, and special causes "
    "found by the NHS Making Data Count rules as NHSRplotthedots applies them: a point beyond a limit, seven points "
    "on one side of the centre, seven points each higher or each lower, two of three points near a limit on the "
    "same side. Where two years show a stable seasonal pattern (Kruskal-Wallis test), the rules are applied to "
    "the seasonally adjusted months and the centre and limits follow the season, so summer peaks are not called "
    "special causes.",
    "**Concentration** is shown by the Lorenz curve and its Gini coefficient across LSOAs. **Priority wards** are "
    "wards whose rate is significantly above the area's, compared with the other wards, with each ward's "
    "share of residents set beside its share of crime.",
    "**Hot spots** are found with the Getis-Ord Gi* statistic on LSOA counts (neighbours share a boundary or a "
    "corner) and on a 250 metre grid (neighbours within 500 metres); p-values are corrected for testing every "
    "place at once with the Benjamini-Hochberg false discovery rate. Whether a hot spot is persistent, emerging "
    "or new is read quarter by quarter from whole quarters with no flagged or missing month, and only when at "
    "least 3 such quarters remain.",
    "**Harm** weights each crime type by the Cambridge Crime Harm Index (the days of imprisonment a first offender "
    "would receive), averaged over the offences that make it up, where a harm index is loaded.",
    "**Priorities** are scored with a stated template in the spirit of MoRiLE (Management of Risk in Law "
    "Enforcement): harm, likelihood and the partnership's position, each from people's scores or the evidence. "
    "Every weight is moved by 20% in turn to see whether the order holds.",
)

REFERENCES = (
    "Public Health England. *Technical Guide: Confidence Intervals* (Fingertips), and the R package "
    "PHEindicatormethods.",
    "Breslow, N. E. and Day, N. E. (1987). *Statistical Methods in Cancer Research*, Vol. II. IARC Scientific "
    "Publications 82 (Byar's approximation).",
    "Garwood, F. (1936). Fiducial limits for the Poisson distribution. *Biometrika* 28, 437-442.",
    "Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference. *Journal of the "
    "American Statistical Association* 22, 209-212.",
    "Gu, K., Ng, H. K. T., Tang, M. L. and Schucany, W. R. (2008). Testing the ratio of two Poisson rates. "
    "*Biometrical Journal* 50, 283-298.",
    "McCullagh, P. and Nelder, J. A. (1989). *Generalized Linear Models*, 2nd edition (quasi-Poisson models).",
    "Hyndman, R. J., Koehler, A. B., Ord, J. K. and Snyder, R. D. (2008). *Forecasting with Exponential "
    "Smoothing: the State Space Approach*. Springer.",
    "Cleveland, R. B., Cleveland, W. S., McRae, J. E. and Terpenning, I. (1990). STL: a seasonal-trend "
    "decomposition procedure based on loess. *Journal of Official Statistics* 6, 3-73.",
    "NHS England and NHS Improvement (2019). *Making Data Count: getting started*; NHS-R Community, "
    "*NHSRplotthedots* (R package); Wheeler, D. J. (2000). *Understanding Variation*, 2nd edition, and (2003) "
    "*Making Sense of Data*. SPC Press.",
    "Lorenz, M. O. (1905). Methods of measuring the concentration of wealth. *Publications of the American "
    "Statistical Association* 9, 209-219.",
    "Getis, A. and Ord, J. K. (1992). The analysis of spatial association by use of distance statistics. "
    "*Geographical Analysis* 24, 189-206.",
    "Benjamini, Y. and Hochberg, Y. (1995). Controlling the false discovery rate. *Journal of the Royal "
    "Statistical Society B* 57, 289-300.",
    "Sherman, L. W., Neyroud, P. W. and Neyroud, E. (2016). The Cambridge Crime Harm Index: measuring total harm "
    "from crime based on sentencing guidelines. *Policing* 10, 171-183.",
    "Ministry of Housing, Communities and Local Government (2019). *The English Indices of Deprivation 2019*.",
)

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
                                       BulletList(REFERENCES)], level=2),
    ]
    if comparators := comparator_blocks(inputs):
        sections.append(Section("comparator-sources", "Comparators from published rates", comparators, level=2))
    sections += [
        Section("sources", "Sources", _sources(inputs, records), level=2),
        Section("licence", "Licence, copyright and reproducing the figures", _licence(inputs), level=2),
    ]
    return sections


def methods_used(inputs: ReportInputs) -> list[str]:
    """The methods, leaving out what this report does not use: harm weights when no harm index was
    loaded, and survey shares, which the report does not show."""
    harm = inputs.assessment.tables.get("harm")
    found = [m for m in METHODS if not (m.startswith("**Harm**") and (harm is None or harm.empty))]
    return [m.replace("Shares, such as survey results and police.uk outcomes, have",
                      "Shares, such as police.uk outcomes, have") for m in found]


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
    terms = list(GLOSSARY) + (_grouping_terms(inputs) if inputs is not None else [])
    terms.sort(key=lambda item: item[0].lower())
    # a term's own asterisk (Gi*) is escaped, or Markdown takes it for emphasis: "Gi (Getis-Ord)*"
    items = (f"**{term.replace('*', chr(92) + '*')}**: {meaning}" for term, meaning in terms)
    return Section("glossary", "Glossary", [BulletList(items)], new_page=True)


def _grouping_terms(inputs: ReportInputs) -> list[tuple[str, str]]:
    """The report's groupings of police.uk crime types other than all crime (acquisitive crime...)."""
    found = []
    for group, members in inputs.groupings.items():
        if group == ALL_CRIME or len(members) < 2:
            continue
        found.append((group, f"The police.uk crime types {join_and(m.lower() for m in members)}, added together."))
    return found


def _data_quality(inputs: ReportInputs) -> list[Block]:
    blocks: list[Block] = list(inputs.blocks("data-quality"))
    quality = inputs.assessment.table("data_quality")
    if not quality.empty:
        table = quality.assign(
            month=[f"{pd.Timestamp(m):%B %Y}" if m is not None and not pd.isna(m) else "Every month"
                   for m in quality["month"]],
            affects=quality["affects_counts"].map({True: "Yes: left out of any trend or control limits", False: "No"}))
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
    "harm": ("Office for National Statistics", "Cambridge Crime Harm Index"),
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
            publisher, dataset = PUBLISHERS.get(str(kind), ("", str(kind)))
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
    used = (set(USED_KINDS) | ({"ethnicity"} if held("stop_search_ethnicity") else set())
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
