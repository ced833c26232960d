"""The nearest LSOA to a map point, from the evidence store's police.uk points (each carries its
LSOA). Good to the few hundred metres police.uk's snapped points allow; empty when the store is
missing, so a case can always be saved."""

from __future__ import annotations

from cspkit.errors import CspkitError


def nearest_lsoa(latitude: float, longitude: float) -> str:
    from cspkit.store import open_store

    try:
        with open_store(read_only=True) as store:
            row = store.con.execute(
                "SELECT lsoa_code FROM street_crimes WHERE lsoa_code IS NOT NULL "
                "AND latitude BETWEEN ? - 0.02 AND ? + 0.02 AND longitude BETWEEN ? - 0.03 AND ? + 0.03 "
                "ORDER BY (latitude - ?) ^ 2 + ((longitude - ?) * 0.62) ^ 2 LIMIT 1",
                [latitude, latitude, longitude, longitude, latitude, longitude],
            ).fetchone()
    except (CspkitError, OSError, Exception):
        return ""
    return row[0] if row else ""
