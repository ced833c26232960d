"""The C types of font subsets' glyph arrays are made without parsing C, and are the very types
cffi's parser makes; other type names are parsed (or refused) as before."""

from __future__ import annotations

import pytest
from cffi import CDefError
from weasyprint.text.ffi import ffi

from cspkit.reports.writers.pdf_fonts import arrays_without_parsing


def test_a_fixed_length_array_type_is_made_without_the_parser_and_is_the_parsers(monkeypatch):
    item = ffi.typeof("hb_codepoint_t")  # an array's item type is parsed once, as any other type
    with ffi._lock:  # what cffi's parser makes of the name (not kept in its table)
        parsed = ffi._get_cached_btype(ffi._parser.parse_type("hb_codepoint_t[4321]"))
    assert arrays_without_parsing()
    assert arrays_without_parsing()  # once is enough; again changes nothing

    def refuse(name: str):
        raise AssertionError(f"{name} was parsed")

    monkeypatch.setattr(ffi._parser, "parse_type", refuse)
    assert ffi.typeof("hb_codepoint_t[4321]") is parsed
    made = ffi.new("hb_codepoint_t[4322]", list(range(4322)))
    assert len(made) == 4322 and made[4321] == 4321
    assert ffi.typeof("hb_codepoint_t[4322]").item is item
    with pytest.raises(AssertionError, match="was parsed"):
        ffi.typeof("hb_codepoint_t *[2]")  # not a plain array of a named type: parsed as ever
    monkeypatch.undo()
    with pytest.raises(CDefError):
        ffi.typeof("no_such_type_t[3]")
