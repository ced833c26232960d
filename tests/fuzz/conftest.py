"""Hypothesis settings for the fuzz suite: a small, seeded run in every test run (CI), and a long
run (``make fuzz``, at least 10,000 cases per reader) with ``CSPKIT_FUZZ_EXAMPLES`` set."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings

EXAMPLES = int(os.environ.get("CSPKIT_FUZZ_EXAMPLES", "0"))

settings.register_profile(
    "cspkit-ci",
    max_examples=20,
    derandomize=True,  # seeded: the same cases every run, so CI never flakes
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "cspkit-fuzz",
    max_examples=max(EXAMPLES, 1),
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
    # CSPKIT_FUZZ_SHRINK=0 reports a failing file as found, without minutes of shrinking it
    phases=[p for p in Phase if os.environ.get("CSPKIT_FUZZ_SHRINK") != "0" or p is not Phase.shrink],
)
settings.load_profile("cspkit-fuzz" if EXAMPLES else "cspkit-ci")
