"""cspkit: evidence, assessment, priorities, plans and casework for Community Safety Partnerships."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("cspkit")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"
