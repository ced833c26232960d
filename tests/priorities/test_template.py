"""Templates load from YAML, and every mistake in one names the file, the line and the place."""

from __future__ import annotations

import pytest

from cspkit.errors import CspkitError, InputError
from cspkit.priorities.template import load_template, parse_template, shipped_template_names

SMALL = """\
name: small
title: A small template
scales:
  three:
    - {level: 1, label: Low, value: 1}
    - {level: 2, label: Medium, value: 2}
    - {level: 3, label: High, value: 3}
dimensions:
  harm:
    label: Harm
    scale: three
  frequency:
    label: Frequency
    scale: three
    weight: 2
    evidence:
      measure: rate_per_1000
      at_least: {3: 10, 2: 1, 1: 0}
groups:
  - key: all
    label: Everything
    combine: sum
    dimensions: [harm, frequency]
combine: sum
"""


def test_both_shipped_templates_load_and_say_they_are_not_official():
    assert shipped_template_names() == ["impact-likelihood-4x4", "morile-style"]
    morile = load_template("morile-style")
    assert "Not the official MoRiLE template" in morile.notice
    assert [g.key for g in morile.groups] == ["harm", "likelihood", "organisational_position"]
    assert set(morile.group("harm").dimensions) == {
        "physical_harm", "psychological_harm", "financial_harm", "community_harm", "environmental_harm"}
    assert morile.group("likelihood").dimensions == ("frequency_volume", "trend")
    assert morile.group("organisational_position").dimensions == (
        "public_expectation", "capacity_capability", "partnership_opportunity")
    grid = load_template("impact-likelihood-4x4")
    assert grid.combine == "product"
    assert [len(grid.dimension(k).scale) for k in ("impact", "likelihood")] == [4, 4]
    assert grid.band_for(16) == "Very high" and grid.band_for(3) == "Low"


def test_a_template_keeps_its_checksum_and_text_so_a_session_can_be_traced(tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    template = load_template(path)
    import hashlib

    assert template.sha256 == hashlib.sha256(SMALL.encode()).hexdigest()
    assert template.text == SMALL
    assert template.dimension("frequency").weight == 2
    assert template.dimension("frequency").evidence.at_least == ((10.0, 3), (1.0, 2), (0.0, 1))


def _error(text: str) -> InputError:
    with pytest.raises(InputError) as caught:
        parse_template(text, source="mine.yaml")
    return caught.value


def test_an_unknown_dimension_in_a_group_is_named_with_its_line():
    error = _error(SMALL.replace("dimensions: [harm, frequency]", "dimensions: [harm, frequency, cost]"))
    assert error.line == 23
    assert str(error).startswith("mine.yaml, line 23: groups[1].dimensions[3]: unknown dimension 'cost'")


def test_a_non_numeric_value_is_named_with_its_line_and_level():
    error = _error(SMALL.replace("{level: 2, label: Medium, value: 2}", "{level: 2, label: Medium, value: high}"))
    assert error.line == 6
    assert "scales.three[2].value: expected a number, found 'high'" in str(error)


def test_a_dimension_without_a_scale_is_named_with_its_line():
    error = _error(SMALL.replace("    label: Harm\n    scale: three\n", "    label: Harm\n"))
    assert error.line == 9
    assert "dimensions.harm: dimension 'harm' has no scale" in str(error)


@pytest.mark.parametrize(("change", "line", "message"), [
    (("scale: three\n  frequency", "scale: four\n  frequency"), 11, "unknown scale 'four'"),
    (("measure: rate_per_1000", "measure: rate_per_100"), 17, "unknown measure 'rate_per_100'"),
    (("{3: 10, 2: 1, 1: 0}", "{4: 10, 2: 1, 1: 0}"), 18,
     "dimensions.frequency.evidence.at_least.4: level 4 is not on this dimension's scale"),
    (("combine: sum\n    dimensions", "combine: average\n    dimensions"), 22, "'average' is not one of"),
    (("    weight: 2\n", "    weight: -1\n"), 15, "a weight must be 0 or more"),
    (("    weight: 2\n", "    wieght: 2\n"), 15, "unknown setting 'wieght'"),
    (("    - {level: 3, label: High, value: 3}\n", "    - {level: 1, label: High, value: 3}\n"), 4,
     "levels must be listed once each, lowest first"),
    (("dimensions: [harm, frequency]", "dimensions: [harm]"), 12,
     "dimensions.frequency: this dimension is in no group"),
    (("title: A small template\n", "title: [oops\n"), 3, "not valid YAML"),
])
def test_other_mistakes_name_the_line_and_the_problem(change, line, message):
    error = _error(SMALL.replace(*change))
    assert error.line == line
    assert message in str(error)


def test_a_negative_value_is_refused_where_values_are_multiplied():
    text = SMALL.replace("combine: sum\n", "combine: product\n").replace("combine: product", "combine: sum", 1)
    text = text.replace("{level: 1, label: Low, value: 1}", "{level: 1, label: Low, value: -1}")
    error = _error(text)
    assert "values combined by a product must be 0 or more" in str(error)


def test_an_unknown_template_name_lists_the_shipped_ones():
    with pytest.raises(CspkitError, match="morile-style"):
        load_template("morile")


def test_two_groups_with_one_key_are_refused():
    text = SMALL.replace("    dimensions: [harm, frequency]\n",
                         "    dimensions: [harm]\n  - key: all\n    combine: sum\n    dimensions: [frequency]\n")
    error = _error(text)
    assert error.line == 24 and "groups[2].key: two groups are called 'all'" in str(error)
