"""Deprivation for the demo LSOAs, written as the English Indices of Deprivation 2019 file.

A latent deprivation score is high in the urban core and in two outer estates and low in the
countryside; national ranks (1 = most deprived of England's 32,844 LSOAs) and deciles follow
from it. Domains are correlated with the overall index as in the real indices, except the
barriers to housing and services (worst in remote rural areas) and the living environment
(worst in dense towns). Crime and the population's age mix are both driven by the same score.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
from scipy.stats import norm

from cspkit.demo.geography import DISTRICTS, Geography

ENGLAND_LSOAS = 32_844
DOMAINS = ("IMD", "Income", "Employment", "Education", "Health", "Crime", "Housing_and_Access", "Environment")
_DISTRICT_EFFECT = {
    "Hartbury": 0.6,
    "Castlewick": 0.25,
    "Selworth Chase": 0.0,
    "Oakminster": -0.25,
    "Brackenmoor": -0.4,
}


def deprivation_scores(geography: Geography, seed: int) -> np.ndarray:
    """Latent deprivation of each LSOA on a standard-normal scale (higher = more deprived)."""
    rng = np.random.default_rng([seed, 20])
    g = geography
    district_effect = np.array([_DISTRICT_EFFECT[spec.name] for spec in DISTRICTS])[g.lsoa_district]
    estates = np.zeros(g.lsoa_count)
    for district in (0, 4):  # an outer estate in the core district and one in Castlewick
        town = np.array(g.districts[district].town)
        members = np.flatnonzero(g.lsoa_district == district)
        distance = np.hypot(*(g.lsoa_centroids[members] - town).T)
        estate = g.lsoa_centroids[members[np.argsort(np.abs(distance - 3_500.0))[0]]]
        estates += 1.3 * np.exp(-(np.hypot(*(g.lsoa_centroids - estate).T) ** 2) / (2 * 1_200.0**2))
    return 1.1 * g.lsoa_urban + district_effect + estates + rng.normal(0.0, 0.45, g.lsoa_count) - 0.45


def _national_ranks(score: np.ndarray) -> np.ndarray:
    """Distinct ranks among England's LSOAs: the share of England more deprived than this LSOA."""
    ranks = np.clip(np.round(ENGLAND_LSOAS * norm.sf(score)), 1, ENGLAND_LSOAS).astype(int)
    order = np.argsort(ranks, kind="stable")
    distinct = np.maximum.accumulate(ranks[order] - np.arange(len(order))) + np.arange(len(order))
    ranks[order] = np.minimum(distinct, ENGLAND_LSOAS)
    return ranks


def domain_ranks(geography: Geography, score: np.ndarray, seed: int) -> dict[str, np.ndarray]:
    """National rank of every LSOA on each domain of the indices."""
    rng = np.random.default_rng([seed, 21])
    rural = 1.0 - geography.lsoa_urban

    def mixed(weight: float, extra: np.ndarray | float = 0.0, noise: float | None = None) -> np.ndarray:
        spread = np.sqrt(max(1.0 - weight**2, 0.05)) if noise is None else noise
        return weight * score + extra + rng.normal(0.0, spread, len(score))

    latent = {
        "IMD": score,
        "Income": mixed(0.95),
        "Employment": mixed(0.92),
        "Education": mixed(0.85),
        "Health": mixed(0.85),
        "Crime": mixed(0.70),
        "Housing_and_Access": mixed(-0.30, 1.6 * rural - 0.6, noise=0.6),
        "Environment": mixed(0.30, 1.2 * geography.lsoa_urban - 0.3, noise=0.6),
    }
    return {domain: _national_ranks(values) for domain, values in latent.items()}


def decile(ranks: np.ndarray) -> np.ndarray:
    """Decile 1 (most deprived tenth of England) .. 10: ``ceil(10 * rank / 32,844)``, as MHCLG assigns them."""
    return -(-10 * np.asarray(ranks) // ENGLAND_LSOAS)


def write_deprivation(geography: Geography, score: np.ndarray, seed: int, path: Path) -> Path:
    """The IoD2019 layout: lsoa11_code, a decile per domain, then a rank per domain (written as 9.0)."""
    ranks = domain_ranks(geography, score, seed)
    columns = {"lsoa11_code": pa.array(geography.lsoa_codes)}
    columns |= {f"{d}_decile": pa.array([f"{v:.1f}" for v in decile(ranks[d])]) for d in DOMAINS}
    columns |= {f"{d}_rank": pa.array([f"{v:.1f}" for v in ranks[d]]) for d in DOMAINS}
    path.parent.mkdir(parents=True, exist_ok=True)
    pacsv.write_csv(pa.table(columns), path, pacsv.WriteOptions(quoting_style="none", quoting_header="none"))
    return path
