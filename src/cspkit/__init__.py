"""cspkit: evidence, assessment, priorities, plans and casework for Community Safety Partnerships."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    """``cspkit.__version__``, read from the installed package's metadata only when asked for.

    Reading metadata costs about 50 ms, which every ``cspkit`` command would otherwise pay at start-up.
    """
    if name != "__version__":
        raise AttributeError(f"module 'cspkit' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("cspkit")
    except PackageNotFoundError:  # running from a source tree without installation
        found = "0.0.0+unknown"
    globals()["__version__"] = found
    return found
