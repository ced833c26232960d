"""The police.uk file-format helpers: IDs, coordinates, month labels and the writer."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from cspkit.demo.police_uk_format import (
    OUTCOME_COLUMNS,
    coordinates_text,
    crime_ids,
    month_labels,
    write_police_csv,
)


def test_crime_ids_are_64_hex_digits_where_present_and_empty_elsewhere() -> None:
    present = np.array([True, False, True, True, False])
    ids = crime_ids(np.random.default_rng(0), present).to_pylist()
    assert [bool(i) for i in ids] == present.tolist()
    assert all(re.fullmatch(r"[0-9a-f]{64}", i) for i in ids if i)
    assert len(set(ids)) == 4  # three distinct IDs and the empty string


def test_crime_ids_repeat_for_the_same_seed() -> None:
    present = np.ones(10, dtype=bool)
    assert crime_ids(np.random.default_rng(5), present) == crime_ids(np.random.default_rng(5), present)


def test_coordinates_always_have_six_decimals() -> None:
    assert coordinates_text(np.array([-2.1, 52.76536])) == ["-2.100000", "52.765360"]


def test_month_labels_cross_the_year_end() -> None:
    assert month_labels("2023-11", 3) == ["2023-11", "2023-12", "2024-01"]


def test_the_writer_refuses_columns_out_of_the_published_order(tmp_path: Path) -> None:
    columns = {name: pa.array(["x"]) for name in reversed(OUTCOME_COLUMNS)}
    with pytest.raises(ValueError, match=r"police\.uk header"):
        write_police_csv(tmp_path / "x.csv", columns, OUTCOME_COLUMNS)


def test_the_writer_uses_crlf_and_no_quotes(tmp_path: Path) -> None:
    columns = {name: pa.array(["a; b", ""]) for name in OUTCOME_COLUMNS}
    assert write_police_csv(tmp_path / "x.csv", columns, OUTCOME_COLUMNS) == 2
    assert (tmp_path / "x.csv").read_bytes().endswith(b"a; b\r\n" + b"," * 9 + b"\r\n")
