"""Keep typer from importing pydantic for options that were not given.

typer (0.29) checks every option's value with a pydantic validator, and builds that validator
even when the option was not given, although a missing value is then passed on as ``None`` (or
``()``) without being looked at. Every ``cspkit <group> --help`` paid for it: importing pydantic
costs about 0.15 s. Here a missing value skips the build, and nothing else changes: the value,
the required-check and the callback are typer's own. If typer's internals change, this does
nothing (``tests/cli/test_startup.py`` would then show the time lost).
"""

from __future__ import annotations

from typing import Any

import typer.core


class _MissingValue:
    """Stands in for typer's runtime parameter while a missing value is processed."""

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        return () if (param.multiple or param.nargs == -1) else None


def skip_validators_for_missing_values() -> None:
    """Patch ``typer.core._TyperParameter.process_value`` once (see the module's docstring)."""
    parameter = getattr(typer.core, "_TyperParameter", None)
    if parameter is None or getattr(parameter, "_cspkit_patched", False) or not hasattr(parameter, "process_value"):
        return
    original = parameter.process_value

    def process_value(self: Any, ctx: Any, value: Any) -> Any:
        if value is None and getattr(self, "_runtime_param", "absent") is None:
            self._runtime_param = _MissingValue()
            try:
                return original(self, ctx, value)
            finally:
                self._runtime_param = None
        return original(self, ctx, value)

    parameter.process_value = process_value
    parameter._cspkit_patched = True
