"""Data quality and methodology: the caveats, every method with its reference, the files the
assessment drew on with their checksums, the licence and how to reproduce the figures; then
the glossary."""

from __future__ import annotations

import re
from pathlib import PurePath

import pandas as pd

from cspkit.reports.assessment.archives import MIN_POINTS
from cspkit.reports.assessment.inputs import ReportInputs
from cspkit.reports.assessment.layout import os_year
from cspkit.reports.assessment.wording import date_in_words, plural, slug
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
    ("Rate per 1,000", "Records for every 1,000 residents, so areas of different sizes can be compared."),
    ("Statistically significant", "Too large a difference or change to be put down to chance alone (here, at the "
                                  "95% level)."),
    ("Ward", "The area a councillor is elected for; LSOAs are grouped into wards."),
)


def methodology_sections(inputs: ReportInputs) -> list[Section]:
    return [
        Section("methodology", "Data quality and methodology", _data_quality(inputs), new_page=True),
        Section("methods", "Methods", [BulletList(METHODS), Paragraph("**References**"), BulletList(REFERENCES)],
                level=2),
        Section("sources", "Sources", _sources(inputs), level=2),
        Section("licence", "Licence, copyright and reproducing the figures", _licence(inputs), level=2),
    ]


def glossary_section() -> Section:
    # a term's own asterisk (Gi*) is escaped, or Markdown takes it for emphasis: "Gi (Getis-Ord)*"
    items = (f"**{term.replace('*', chr(92) + '*')}**: {meaning}" for term, meaning in GLOSSARY)
    return Section("glossary", "Glossary", [BulletList(items)], new_page=True)


def _data_quality(inputs: ReportInputs) -> list[Block]:
    blocks: list[Block] = list(inputs.blocks("data-quality"))
    quality = inputs.assessment.table("data_quality")
    if not quality.empty:
        table = quality.assign(
            month=[f"{pd.Timestamp(m):%B %Y}" if m is not None and not pd.isna(m) else "Every month"
                   for m in quality["month"]],
            affects=quality["affects_counts"].map({True: "Yes: left out of trends", False: "No"}))
        blocks.append(Table.from_frame(
            "data-quality", "Data-quality flags on the police.uk files used", table,
            [Column("kind", "Flag"), Column("month", "Month"), Column("message", "What to know"),
             Column("affects", "Changes counts")],
            source="Checks of the loaded police.uk files, made when the assessment was built",
            sheet_name="Data quality"))
    if not blocks:
        blocks.append(Paragraph("The checks of the loaded police.uk files found nothing to flag for this period."))
    return blocks


def _sources(inputs: ReportInputs) -> list[Block]:
    files = pd.DataFrame(list(inputs.assessment.inputs))
    blocks: list[Block] = [Paragraph(
        "The files the assessment drew on, as recorded in the evidence store, with the first 12 characters of each "
        "one's SHA-256 checksum: a file with the same checksum is byte-for-byte the file used.")]
    if files.empty:
        return blocks
    files, left_out = _used(inputs, files)
    if left_out:
        others = "other file in the store is" if left_out == 1 else "other files in the store are"
        blocks.append(Paragraph(f"{left_out:,} {others} not listed: police.uk files of other "
                                "forces or months, and kinds of evidence this assessment does not read."))
    files = files.assign(
        file=[_breakable(_file_name(str(path), kind) + (f" ({member})" if isinstance(member, str) and member else ""))
              for path, member, kind in zip(files["source_file"], files.get("member", [None] * len(files)),
                                            files["kind"], strict=True)],
        checksum=files["sha256"].astype(str).str[:12],
        loaded=files["loaded_at"].astype(str).str[:10])
    blocks.append(Table.from_frame(
        "input-files", "Files the assessment drew on", files,
        [Column("kind", "Kind"), Column("file", "File"), Column("rows", "Rows", "integer"),
         Column("checksum", "SHA-256 (first 12)"), Column("loaded", "Loaded")],
        source="The evidence store's load records", sheet_name="Input files"))
    return blocks


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


def _breakable(name: str, longest: int = 40) -> str:
    """A long file name with invisible break points after its underscores, so it wraps in a table
    cell instead of pushing the table off the page (ONS names run to 120 characters)."""
    return name.replace("_", "_\u200b") if len(name) > longest else name


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
