"""A published board report frozen as data: the report document as JSON, and back.

Publishing stores the :class:`~cspkit.reports.document.Document` the PDF and Word files are
written from, so later edits, new figures or re-ratings cannot reach a published version. Only
the classes of :mod:`cspkit.reports.document` can be rebuilt, so stored JSON never names code.
"""

from __future__ import annotations

import base64
import dataclasses
from decimal import Decimal
from typing import Any

from cspkit.reports import document

KINDS = {
    cls.__name__: cls
    for cls in vars(document).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == document.__name__
}
#: Fields a class once had, still in versions published before: a frozen version stays readable.
RETIRED = {"Figure": {"svg"}}  # figures are PNG only since ADR 14


def freeze(value: Any) -> Any:
    """Plain JSON for a document, or any block or value inside one."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: freeze(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"_": type(value).__name__, **fields}
    if isinstance(value, tuple | list):
        return [freeze(item) for item in value]
    if isinstance(value, bytes):
        return {"_bytes": base64.b64encode(value).decode()}
    if isinstance(value, Decimal):
        return {"_decimal": str(value)}
    if isinstance(value, dict):
        return {"_dict": [[freeze(k), freeze(v)] for k, v in value.items()]}
    return value


def thaw(value: Any) -> Any:
    """The document (or value) :func:`freeze` was given."""
    if isinstance(value, list):
        return tuple(thaw(item) for item in value)
    if isinstance(value, dict):
        if "_bytes" in value:
            return base64.b64decode(value["_bytes"])
        if "_decimal" in value:
            return Decimal(value["_decimal"])
        if "_dict" in value:
            return {thaw(k): thaw(v) for k, v in value["_dict"]}
        kind, retired = KINDS[value["_"]], RETIRED.get(value["_"], set())
        return kind(**{name: thaw(item) for name, item in value.items() if name != "_" and name not in retired})
    return value
