"""Sparklines: a small trend line drawn as inline SVG, always with its figures in words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT, PAD = 96, 24, 3


@dataclass(frozen=True)
class Sparkline:
    points: str  # SVG polyline points
    last_x: float
    last_y: float
    description: str
    width: int = WIDTH
    height: int = HEIGHT


def sparkline(values: Sequence[float | None], labels: Sequence[str]) -> Sparkline | None:
    """A sparkline of the values (oldest first), or None when fewer than two are known."""
    known = [(i, float(v)) for i, v in enumerate(values) if v is not None]
    if len(known) < 2:
        return None
    low, high = min(v for _, v in known), max(v for _, v in known)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    coords = [(PAD + i * step, HEIGHT - PAD - (v - low) / span * (HEIGHT - 2 * PAD)) for i, v in known]
    words = "; ".join(f"{labels[i]}: {_n(v)}" for i, v in known)
    return Sparkline(
        points=" ".join(f"{x:.1f},{y:.1f}" for x, y in coords),
        last_x=round(coords[-1][0], 1),
        last_y=round(coords[-1][1], 1),
        description=f"Trend, oldest first. {words}.",
    )


def _n(value: float) -> str:
    rounded = round(value, 1)
    return f"{rounded:,.0f}" if rounded.is_integer() else f"{rounded:,.1f}"
