"""Reading the Census 2021 ethnic group table (TS021) in its two published layouts."""

from __future__ import annotations

import pytest

from cspkit.errors import InputError
from cspkit.sources.ethnicity import read_ethnicity
from cspkit.store.loaders import ethnicity

NOMIS_HEADER = (
    'date,geography,geography code,Ethnic group: Total: All usual residents,'
    '"Ethnic group: Asian, Asian British or Asian Welsh","Ethnic group: Asian, Asian British or Asian Welsh: Indian",'
    '"Ethnic group: Black, Black British, Black Welsh, Caribbean or African",'
    'Ethnic group: Mixed or Multiple ethnic groups,Ethnic group: White,Ethnic group: White: Irish,'
    'Ethnic group: Other ethnic group'
)


def nomis(tmp_path, *rows):
    path = tmp_path / "census2021-ts021-ltla.csv"
    path.write_text("\n".join([NOMIS_HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_nomis_bulk_layout_keeps_the_five_high_level_groups(tmp_path):
    path = nomis(tmp_path, "2021,Cannock Chase,E07000192,100,5,2,3,4,86,1,2")
    table = read_ethnicity(path).table.set_index("ethnic_group")["residents"]
    assert table.to_dict() == {"Asian": 5, "Black": 3, "Mixed": 4, "White": 86, "Other": 2}


def test_groups_that_do_not_add_up_are_refused_with_the_line(tmp_path):
    path = nomis(tmp_path, "2021,Cannock Chase,E07000192,100,5,2,3,4,86,1,2",
                 "2021,Stafford,E07000197,100,5,2,3,4,80,1,2")
    with pytest.raises(InputError, match=r"line 3: the five ethnic groups of E07000197 add up to 94"):
        read_ethnicity(path)


def test_ons_custom_dataset_layout_sums_detailed_groups(tmp_path):
    path = tmp_path / "TS021.csv"
    path.write_text(
        "Lower tier local authorities Code,Lower tier local authorities,Ethnic group (20 categories) Code,"
        "Ethnic group (20 categories),Observation\n"
        "E07000192,Cannock Chase,-8,Does not apply,0\n"
        'E07000192,Cannock Chase,1,"Asian, Asian British or Asian Welsh: Bangladeshi",7\n'
        'E07000192,Cannock Chase,2,"Asian, Asian British or Asian Welsh: Chinese",3\n'
        "E07000192,Cannock Chase,13,\"White: English, Welsh, Scottish, Northern Irish or British\",90\n"
        "E07000192,Cannock Chase,14,White: Irish,2\n",
        encoding="utf-8",
    )
    table = read_ethnicity(path).table.set_index("ethnic_group")["residents"]
    assert table.to_dict() == {"Asian": 10, "White": 92}


def test_a_repeated_category_is_refused_not_added_in(tmp_path):
    """The campaign's finding: the White row pasted again made 188,000 White residents of 94,000."""
    path = tmp_path / "TS021.csv"
    path.write_text(
        "Lower tier local authorities Code,Lower tier local authorities,Ethnic group (20 categories) Code,"
        "Ethnic group (20 categories),Observation\n"
        "E07000192,Cannock Chase,14,White: Irish,2\n"
        'E07000192,Cannock Chase,1,"Asian, Asian British or Asian Welsh: Bangladeshi",7\n'
        "E07000192,Cannock Chase,14,White: Irish,2\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"line 4: gives White: Irish for E07000192 again \(first on line 2\)"):
        read_ethnicity(path)


def test_another_table_is_refused(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("code,count\nE07000192,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="not an ONS Census 2021 ethnic group table"):
        read_ethnicity(path)


def test_loading_twice_counts_once(store, tmp_path):
    path = nomis(tmp_path, "2021,Cannock Chase,E07000192,100,5,2,3,4,86,1,2")
    ethnicity.load(store, [path])
    ethnicity.load(store, [path])
    assert store.con.execute("SELECT sum(residents) FROM ethnicity_population").fetchone()[0] == 100


def test_lines_are_counted_as_the_file_has_them_after_blank_lines(tmp_path):
    path = nomis(tmp_path, "2021,Cannock Chase,E07000192,100,5,2,3,4,86,1,2", "", "",
                 "2021,Stafford,E07000197,100,5,2,3,4,x,1,2")
    with pytest.raises(InputError, match=r"line 5: 'x' in column 'Ethnic group: White' is not a number of residents"):
        read_ethnicity(path)


@pytest.mark.parametrize(("damage", "message"), [
    ("2021,Stafford \xe9,E07000197,100,5,2,3,4,86,1,2\n".encode("cp1252"),
     r"line 3: the file is not UTF-8 text \(byte 0xE9"),
    (bytes(200), r"line 3, byte \d+: a NUL byte"),
    (b"Source: ONS\n", r"line 3: this line has 1 fields but the header has 11"),
], ids=["cp1252", "nul", "junk"])
def test_damage_after_the_rows_is_named_with_its_line_not_as_an_area_code(tmp_path, damage, message):
    path = nomis(tmp_path, "2021,Cannock Chase,E07000192,100,5,2,3,4,86,1,2")
    path.write_bytes(path.read_bytes() + damage)
    with pytest.raises(InputError, match=message) as error:
        read_ethnicity(path)
    assert "'' is not a local authority code" not in str(error.value)


def test_a_repeated_area_names_both_lines(tmp_path):
    row = "2021,Cannock Chase,E07000192,100,5,2,3,4,86,1,2"
    path = nomis(tmp_path, row, "2021,Stafford,E07000197,100,5,2,3,4,86,1,2", row)
    with pytest.raises(InputError, match=r"line 4: local authority E07000192 appears twice \(first on line 2\)"):
        read_ethnicity(path)
