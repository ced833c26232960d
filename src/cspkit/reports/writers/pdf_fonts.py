"""Fonts subset for each part of the PDF without parsing C for each subset.

WeasyPrint hands HarfBuzz the glyphs a part uses as a C array whose type it names with the
array's length (``hb_codepoint_t[137]``), and cffi parses each such name it has not seen with
a C parser in Python: about 2 ms a length, three lengths a font, two fonts a part, some forty
parts and their page furniture a report. A fixed-length array's type is its item's type and
its length, so here cffi's table of parsed types builds it from those instead: the same type
object cffi's parser would have made, without the parse.
"""

from __future__ import annotations

import re
from typing import Any

from weasyprint.text.ffi import ffi

_ARRAY = re.compile(r"(\w+)\[(\d+)\]")


class _ParsedTypes(dict[Any, Any]):
    """cffi's table of parsed types (name -> (type, whether a function type)), which makes a
    named fixed-length array's entry itself when it is missing; any other name is parsed as before."""

    def __missing__(self, name: Any) -> tuple[Any, bool]:
        match = _ARRAY.fullmatch(name) if isinstance(name, str) else None
        if match is None:
            raise KeyError(name)
        item = ffi._backend.new_pointer_type(ffi.typeof(match[1]))
        entry = self[name] = (ffi._backend.new_array_type(item, int(match[2])), False)
        return entry


def arrays_without_parsing() -> bool:
    """Make WeasyPrint's cffi build fixed-length array types without parsing their names; False
    where its cffi keeps parsed types otherwise (it then parses each, as before: slower, the same types)."""
    parsed = getattr(ffi, "_parsed_types", None)
    if not isinstance(parsed, dict):
        return False
    if not isinstance(parsed, _ParsedTypes):
        ffi._parsed_types = _ParsedTypes(parsed)
    return True
