"""Harm-weighted crime counts: a crime is not a crime is not a crime.

Counting every offence as one treats a shoplifting like a rape. A harm index weights each
offence by its seriousness: the Cambridge Crime Harm Index (days of imprisonment from the
sentencing-guideline starting point, as published by ONS for 2020) or the ONS Crime Severity
Score (sentencing weights). Results always carry the name of the index used, because the two
are on different scales and must never be mixed or compared.

Weights come per detailed offence; this module collapses them to one weight per Home Office
offence code (the codes of the police recorded crime tables, e.g. '8N', '4.3'), and from codes
to police.uk crime types by the volume-weighted mean of the codes each type covers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

CCHI = "Cambridge Crime Harm Index (ONS 2020)"
CSS = "ONS Crime Severity Score"
SCHEMES = {"cchi": CCHI, "css": CSS}
UNITS = {"cchi": "days of imprisonment", "css": "sentencing weight"}
COLLAPSE = ("median", "mean", "min", "max")


@dataclass(frozen=True)
class HarmWeights:
    """One harm weight per offence code (or per crime type), with the index it comes from.

    ``label`` is the name to print beside any harm figure, e.g. 'Cambridge Crime Harm Index (ONS 2020)'.
    """

    scheme: str
    weights: pd.Series
    how: str = "median"

    @property
    def label(self) -> str:
        return SCHEMES[self.scheme]

    @property
    def unit(self) -> str:
        return UNITS[self.scheme]

    def weight_of(self, code: str) -> float:
        """The weight of an offence code, NaN if it has none.

        A combined code such as the Home Office's homicide '1/4.1/4.10/4.2' takes the
        ``how`` (default median) of the weights of its parts that have one.
        """
        if code in self.weights.index:
            return float(self.weights[code])
        parts = [self.weights[p] for p in str(code).split("/") if p in self.weights.index]
        if "/" in str(code) and parts and self.how in COLLAPSE:
            return float(pd.Series(parts, dtype=float).agg(self.how))
        return float("nan")


@dataclass(frozen=True)
class HarmTotals:
    """Counts and harm per group, the label of the index, and the counts that had no weight.

    ``table`` columns: the grouping columns, count, harm (count x weight, summed). ``unweighted``
    lists the codes without a weight and their counts: they are left out of ``harm``, never
    silently treated as harmless.
    """

    table: pd.DataFrame
    label: str
    unit: str
    unweighted: pd.DataFrame


def harm_weights(
    offences: pd.DataFrame,
    *,
    scheme: str = "cchi",
    code: str = "offence_code",
    weight: str = "weight",
    how: str = "median",
) -> HarmWeights:
    """Collapse per-offence weights to one weight per offence code.

    The CCHI lists several offences under most Home Office codes (code '8N', assault with
    injury, runs from 2 days to 1,460), and crime tables give only the code, so one value must
    stand for the code. The median is the default: it is the "typical offence" of the code and,
    unlike the mean, is not dragged up by one rare, very serious variant.

    Parameters
    ----------
    offences : pandas.DataFrame
        One row per offence with its code and weight (e.g. the ``harm_weights`` table).
    scheme : {'cchi', 'css'}
        Which index the weights come from; it sets the label carried by every result.
    how : {'median', 'mean', 'min', 'max'}
        How several weights under one code become one.

    References
    ----------
    Sherman, L. W., Neyroud, P. W. and Neyroud, E. (2016). The Cambridge Crime Harm Index:
    measuring total harm from crime based on sentencing guidelines. Policing 10(3), 171-183.
    Office for National Statistics (2016). Research outputs: developing a Crime Severity Score
    for England and Wales using data on crimes recorded by the police.
    """
    if scheme not in SCHEMES:
        raise ValueError(f"unknown harm index {scheme!r}; use one of {', '.join(SCHEMES)}")
    if how not in COLLAPSE:
        raise ValueError(f"how must be one of {', '.join(COLLAPSE)}; got {how!r}")
    for column in (code, weight):
        if column not in offences.columns:
            raise ValueError(f"no column {column!r} in the offence weights")
    values = pd.to_numeric(offences[weight], errors="coerce")
    bad = values.isna() | (values < 0)
    if bad.any():
        raise ValueError(f"offence code {offences[code][bad].iloc[0]!r} has no valid weight (0 or more)")
    collapsed = values.groupby(offences[code].astype(str)).agg(how)
    return HarmWeights(scheme, collapsed.rename("weight"), how)


def apply_harm(
    counts: pd.DataFrame,
    weights: HarmWeights,
    *,
    code: str = "offence_code",
    count: str = "count",
    by: Sequence[str] = (),
) -> HarmTotals:
    """Weight counts by harm and total them by ``by`` (e.g. area and year), with the index's label.

    ``code`` names the column matched to the weights: Home Office offence codes, or police.uk
    crime types when ``weights`` comes from :func:`crime_type_weights`.
    """
    for column in (code, count, *by):
        if column not in counts.columns:
            raise ValueError(f"no column {column!r} in the counts")
    lookup = {c: weights.weight_of(c) for c in counts[code].astype(str).unique()}
    w = counts[code].astype(str).map(lookup)
    n = pd.to_numeric(counts[count], errors="raise").astype(float)
    frame = counts[list(by)].assign(count=n, harm=n * w, _weighted=w.notna())
    keys = list(by)
    weighted = frame[frame["_weighted"]]
    if keys:
        table = frame.groupby(keys, as_index=False)["count"].sum()
        harm = weighted.groupby(keys, as_index=False)["harm"].sum()
        table = table.merge(harm, on=keys, how="left").fillna({"harm": 0.0})
    else:
        table = pd.DataFrame({"count": [n.sum()], "harm": [weighted["harm"].sum()]})
    unweighted = (
        counts.loc[w.isna().to_numpy(), [code]].assign(count=n[w.isna()])
        .groupby(code, as_index=False)["count"].sum()
    )
    return HarmTotals(table, weights.label, weights.unit, unweighted)


def crime_type_weights(
    volumes: pd.DataFrame,
    weights: HarmWeights,
    *,
    code: str = "offence_code",
    crime_type: str = "crime_type",
    count: str = "count",
) -> HarmWeights:
    """One weight per police.uk crime type: the volume-weighted mean harm of its Home Office codes.

    police.uk publishes crime types, not offence codes. The Home Office tables give how many
    of each code were recorded (nationally, or for the force), and the offence hierarchy says
    which crime type each code belongs to. A type's weight is then
    sum(count_c x weight_c) / sum(count_c) over its codes with a weight, so the common
    offences of a type count for more than its rare ones.

    Parameters
    ----------
    volumes : pandas.DataFrame
        One row per offence code (repeats are summed) with its crime type and recorded count.
    """
    for column in (code, crime_type, count):
        if column not in volumes.columns:
            raise ValueError(f"no column {column!r} in the offence volumes")
    frame = volumes[[code, crime_type]].astype(str).assign(n=pd.to_numeric(volumes[count], errors="raise"))
    frame["w"] = frame[code].map({c: weights.weight_of(c) for c in frame[code].unique()})
    frame = frame[frame["w"].notna() & (frame["n"] > 0)]
    totals = frame.assign(nw=frame["n"] * frame["w"]).groupby(crime_type)[["nw", "n"]].sum()
    if totals.empty:
        raise ValueError("no offence code in the volumes has a harm weight")
    mean = (totals["nw"] / totals["n"]).rename("weight")
    return HarmWeights(weights.scheme, mean, "volume-weighted mean")


def harm_index_label(scheme: str) -> str:
    """The label to print beside harm figures from ``scheme`` ('cchi' or 'css')."""
    if scheme not in SCHEMES:
        raise ValueError(f"unknown harm index {scheme!r}; use one of {', '.join(SCHEMES)}")
    return SCHEMES[scheme]
