"""Scoring templates: the dimensions a partnership scores priorities on, and how they add up.

A template is a YAML file a partnership can read, argue about and edit (two are shipped in
``templates/``). It holds ordinal scales (a level, a label, a descriptor and the value used in
the arithmetic), dimensions (each with a scale, a weight and, where the evidence can decide, a
rule turning a measure into a level), groups of dimensions with the way they combine (sum,
mean or product) and the way the groups combine into one score. Confidence is rated on its
own scale and kept beside the score, never folded into it.

Every problem found while reading names the file, the line and the place in the file.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from importlib.resources import files
from pathlib import Path
from typing import Any

from cspkit.errors import CspkitError
from cspkit.priorities.evidence import CATEGORY_MEASURES, NUMERIC_MEASURES
from cspkit.priorities.yamlfile import Place, YamlList, YamlMap, read_yaml, root_place

COMBINE_METHODS = ("sum", "mean", "product")
"""``sum`` and ``mean`` weight each part (Σw·v, Σw·v/Σw); ``product`` raises each part to its weight (Πv^w)."""

AGREEMENT_RULES = ("median", "highest", "lowest")
"""How several scorers' levels become one: ``median`` takes the higher middle level on a tie."""

DEFAULT_CONFIDENCE = ("low", "medium", "high")


@dataclass(frozen=True)
class Level:
    """One step of an ordinal scale: what scorers pick (level, label), what it means, what it counts."""

    level: int
    label: str
    value: float
    descriptor: str = ""


@dataclass(frozen=True)
class EvidenceRule:
    """How a measure of the evidence sets a dimension's level without anyone scoring it.

    ``at_least`` pairs (lower bound, level) are tried from the highest bound down; ``categories``
    map a verdict (e.g. 'increase') to a level. ``confidence`` is the confidence the rule's
    levels carry.
    """

    measure: str
    at_least: tuple[tuple[float, int], ...] = ()
    categories: Mapping[str, int] = field(default_factory=dict)
    confidence: str | None = None


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str
    group: str
    scale: tuple[Level, ...]
    weight: float = 1.0
    question: str = ""
    evidence: EvidenceRule | None = None

    def level(self, number: int) -> Level:
        for step in self.scale:
            if step.level == number:
                return step
        raise KeyError(number)

    @property
    def levels(self) -> tuple[int, ...]:
        return tuple(step.level for step in self.scale)

    def parse_level(self, text: str) -> int | None:
        """A level written as its number ('3') or its label ('Substantial'); None if neither."""
        cleaned = text.strip()
        for step in self.scale:
            if cleaned.casefold() in (str(step.level), step.label.casefold()):
                return step.level
        return None


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    combine: str
    dimensions: tuple[str, ...]
    weight: float = 1.0


@dataclass(frozen=True)
class Band:
    """A named band of the overall score (e.g. 'High' from 8), for boards that think in RAG."""

    at_least: float
    label: str


@dataclass(frozen=True)
class ScoringTemplate:
    name: str
    title: str
    groups: tuple[Group, ...]
    dimensions: Mapping[str, Dimension]
    combine: str
    notice: str = ""
    description: str = ""
    bands: tuple[Band, ...] = ()
    confidence_levels: tuple[str, ...] = DEFAULT_CONFIDENCE
    agreement_rule: str = "median"
    disagreement_range: int = 2
    source: str = ""
    sha256: str = ""
    text: str = ""

    def dimension(self, key: str) -> Dimension:
        return self.dimensions[key]

    def group(self, key: str) -> Group:
        for group in self.groups:
            if group.key == key:
                return group
        raise KeyError(key)

    def band_for(self, score: float) -> str | None:
        reached = [band for band in self.bands if score >= band.at_least]
        return max(reached, key=lambda band: band.at_least).label if reached else None

    def weights(self) -> dict[str, float]:
        """Every weight by a readable target name: 'group harm' or 'dimension physical_harm'."""
        found = {f"group {g.key}": g.weight for g in self.groups}
        found.update({f"dimension {d.key}": d.weight for d in self.dimensions.values()})
        return found

    def with_weight(self, target: str, weight: float) -> ScoringTemplate:
        """A copy with one weight changed (target as named by :meth:`weights`)."""
        kind, _, key = target.partition(" ")
        if kind == "group":
            groups = tuple(replace(g, weight=weight) if g.key == key else g for g in self.groups)
            return replace(self, groups=groups)
        if kind == "dimension" and key in self.dimensions:
            dimensions = dict(self.dimensions)
            dimensions[key] = replace(dimensions[key], weight=weight)
            return replace(self, dimensions=dimensions)
        raise CspkitError(f"The template '{self.name}' has no weight called '{target}'.")


def shipped_template_names() -> list[str]:
    """Names of the templates that come with cspkit (file names without '.yaml')."""
    folder = files("cspkit.priorities") / "templates"
    return sorted(item.name.removesuffix(".yaml") for item in folder.iterdir() if item.name.endswith(".yaml"))


def shipped_template_path(name: str) -> Path:
    return Path(str(files("cspkit.priorities") / "templates" / f"{name}.yaml"))


def load_template(name_or_path: str | Path) -> ScoringTemplate:
    """Read a template file, or a shipped template by name ('morile-style', 'impact-likelihood-4x4')."""
    path = Path(name_or_path)
    if not path.exists() and str(name_or_path) in shipped_template_names():
        path = shipped_template_path(str(name_or_path))
    elif not path.exists():
        shipped = ", ".join(shipped_template_names())
        raise CspkitError(f"No template file '{name_or_path}' and no shipped template of that name ({shipped}).")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CspkitError(f"{path}: not a UTF-8 text file; save it as UTF-8.") from None
    return parse_template(text, source=str(path), sha256=hashlib.sha256(raw).hexdigest())


def parse_template(text: str, *, source: str = "<template>", sha256: str | None = None) -> ScoringTemplate:
    """Build a :class:`ScoringTemplate` from YAML text, checking every part of it."""
    document = read_yaml(source, text)
    top = root_place(source, document)
    _mapping(document, top, "a template")
    known = {"name", "title", "notice", "description", "confidence", "agreement", "scales", "dimensions",
             "groups", "combine", "bands"}
    _no_unknown_keys(document, top, known)

    name = _text(_required(document, "name", top), top.child(document, "name"))
    confidence = _read_confidence(document, top)

    scales = _read_scales(document, top)
    groups_raw = _list(_required(document, "groups", top), top.child(document, "groups"))
    dimensions_raw = _mapping(_required(document, "dimensions", top), top.child(document, "dimensions"),
                              "a section of dimensions")
    group_of = _group_membership(groups_raw, dimensions_raw, top.child(document, "groups"),
                                 top.child(document, "dimensions"))
    dimensions = {
        key: _read_dimension(key, value, top.child(document, "dimensions").child(dimensions_raw, key),
                             scales, group_of, confidence)
        for key, value in dimensions_raw.items()
    }
    groups = tuple(_read_group(g, top.child(document, "groups").child(groups_raw, i))
                   for i, g in enumerate(groups_raw))
    combine = _choice(_required(document, "combine", top), top.child(document, "combine"), COMBINE_METHODS)
    _check_products_are_positive(groups, dimensions, combine, document, top)

    agreement_rule, disagreement_range = "median", 2
    if "agreement" in document:
        place = top.child(document, "agreement")
        agreement = _mapping(document["agreement"], place, "the agreement section")
        _no_unknown_keys(agreement, place, {"rule", "disagreement_range"})
        if "rule" in agreement:
            agreement_rule = _choice(agreement["rule"], place.child(agreement, "rule"), AGREEMENT_RULES)
        if "disagreement_range" in agreement:
            where = place.child(agreement, "disagreement_range")
            disagreement_range = _whole(agreement["disagreement_range"], where)
            if disagreement_range < 1:
                raise where.error("scorers disagree when their levels are at least this far apart: 1 or more")

    bands = ()
    if "bands" in document:
        place = top.child(document, "bands")
        bands = tuple(_read_band(b, place.child(document["bands"], i))
                      for i, b in enumerate(_list(document["bands"], place)))

    return ScoringTemplate(
        name=name,
        title=_text(document.get("title", name), top.child(document, "title")),
        notice=_text(document.get("notice", ""), top.child(document, "notice")),
        description=_text(document.get("description", ""), top.child(document, "description")),
        groups=groups,
        dimensions=dimensions,
        combine=combine,
        bands=bands,
        confidence_levels=confidence,
        agreement_rule=agreement_rule,
        disagreement_range=disagreement_range,
        source=source,
        sha256=sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest(),
        text=text,
    )


def _read_confidence(document: YamlMap, top: Place) -> tuple[str, ...]:
    if "confidence" not in document:
        return DEFAULT_CONFIDENCE
    place = top.child(document, "confidence")
    items = _list(document["confidence"], place, "a list of confidence levels, lowest first")
    levels = tuple(_text(item, place.child(items, i)) for i, item in enumerate(items))
    if len(levels) < 2 or len(set(levels)) != len(levels):
        raise place.error("list at least two confidence levels, each once, lowest first")
    return levels


def _read_scales(document: YamlMap, top: Place) -> dict[str, tuple[Level, ...]]:
    if "scales" not in document:
        return {}
    place = top.child(document, "scales")
    raw = _mapping(document["scales"], place, "a section of named scales")
    return {name: _read_scale(value, place.child(raw, name)) for name, value in raw.items()}


def _read_scale(raw: Any, place: Place) -> tuple[Level, ...]:
    items = _list(raw, place, "a scale (a list of levels)")
    if len(items) < 2:
        raise place.error("a scale needs at least two levels")
    levels = []
    for index, item in enumerate(items):
        where = place.child(items, index)
        _mapping(item, where, "a level (with level, label and value)")
        _no_unknown_keys(item, where, {"level", "label", "value", "descriptor"})
        levels.append(Level(
            level=_whole(_required(item, "level", where), where.child(item, "level")),
            label=_text(_required(item, "label", where), where.child(item, "label")),
            value=_number(_required(item, "value", where), where.child(item, "value")),
            descriptor=_text(item.get("descriptor", ""), where.child(item, "descriptor")),
        ))
    numbers = [step.level for step in levels]
    if numbers != sorted(set(numbers)):
        raise place.error(f"levels must be listed once each, lowest first (found {numbers})")
    labels = [step.label.casefold() for step in levels]
    if len(set(labels)) != len(labels):
        raise place.error("two levels share a label; give each level its own label")
    return tuple(levels)


def _group_membership(groups_raw: YamlList, dimensions_raw: YamlMap, place: Place,
                      dimensions_place: Place) -> dict[str, str]:
    """Which group each dimension belongs to; every dimension in exactly one group."""
    group_of: dict[str, str] = {}
    keys: set[str] = set()
    for index, group in enumerate(groups_raw):
        where = place.child(groups_raw, index)
        _mapping(group, where, "a group (with key, combine and dimensions)")
        key = _text(_required(group, "key", where), where.child(group, "key"))
        if key in keys:
            raise where.child(group, "key").error(f"two groups are called '{key}'")
        keys.add(key)
        members = _list(_required(group, "dimensions", where), where.child(group, "dimensions"))
        if not members:
            raise where.child(group, "dimensions").error(f"group '{key}' lists no dimensions")
        for i, member in enumerate(members):
            member_place = where.child(group, "dimensions").child(members, i)
            if not isinstance(member, str) or member not in dimensions_raw:
                known = ", ".join(dimensions_raw) or "none"
                raise member_place.error(f"unknown dimension '{member}' (dimensions defined: {known})")
            if member in group_of:
                raise member_place.error(f"dimension '{member}' is already in group '{group_of[member]}'")
            group_of[member] = key
    for key in dimensions_raw:
        if key not in group_of:
            raise dimensions_place.child(dimensions_raw, key).error(
                "this dimension is in no group; add it to a group's dimensions")
    return group_of


def _read_group(raw: YamlMap, place: Place) -> Group:
    _no_unknown_keys(raw, place, {"key", "label", "combine", "weight", "dimensions"})
    key = _text(raw["key"], place.child(raw, "key"))
    return Group(
        key=key,
        label=_text(raw.get("label", key), place.child(raw, "label")),
        combine=_choice(_required(raw, "combine", place), place.child(raw, "combine"), COMBINE_METHODS),
        dimensions=tuple(raw["dimensions"]),
        weight=_weight(raw.get("weight", 1), place.child(raw, "weight")),
    )


def _read_dimension(key: str, raw: Any, place: Place, scales: dict[str, tuple[Level, ...]],
                    group_of: dict[str, str], confidence: tuple[str, ...]) -> Dimension:
    _mapping(raw, place, "a dimension (with label and scale)")
    _no_unknown_keys(raw, place, {"label", "question", "scale", "weight", "evidence"})
    if "scale" not in raw:
        raise place.error(f"dimension '{key}' has no scale; name one of the scales or list its levels")
    scale_raw = raw["scale"]
    scale_place = place.child(raw, "scale")
    if isinstance(scale_raw, str):
        if scale_raw not in scales:
            known = ", ".join(scales) or "none"
            raise scale_place.error(f"unknown scale '{scale_raw}' (scales defined: {known})")
        scale = scales[scale_raw]
    else:
        scale = _read_scale(scale_raw, scale_place)
    dimension = Dimension(
        key=key,
        label=_text(raw.get("label", key), place.child(raw, "label")),
        group=group_of[key],
        scale=scale,
        weight=_weight(raw.get("weight", 1), place.child(raw, "weight")),
        question=_text(raw.get("question", ""), place.child(raw, "question")),
    )
    if "evidence" in raw:
        rule = _read_rule(raw["evidence"], place.child(raw, "evidence"), dimension, confidence)
        dimension = replace(dimension, evidence=rule)
    return dimension


def _read_rule(raw: Any, place: Place, dimension: Dimension, confidence: tuple[str, ...]) -> EvidenceRule:
    _mapping(raw, place, "an evidence rule (with measure and at_least or categories)")
    _no_unknown_keys(raw, place, {"measure", "at_least", "categories", "confidence"})
    measure = _text(_required(raw, "measure", place), place.child(raw, "measure"))
    rule_confidence = None
    if "confidence" in raw:
        rule_confidence = _choice(raw["confidence"], place.child(raw, "confidence"), confidence)

    def level_of(value: Any, where: Place) -> int:
        number = _whole(value, where)
        if number not in dimension.levels:
            raise where.error(f"level {number} is not on this dimension's scale {list(dimension.levels)}")
        return number

    if measure in NUMERIC_MEASURES:
        bounds_place = place.child(raw, "at_least")
        bounds = _mapping(_required(raw, "at_least", place, f"measure '{measure}' needs at_least: level: bound"),
                          bounds_place, "at_least (level: lowest value of the measure for that level)")
        pairs = [(_number(bound, bounds_place.child(bounds, lvl)), level_of(lvl, bounds_place.child(bounds, lvl)))
                 for lvl, bound in bounds.items()]
        if len({bound for bound, _ in pairs}) != len(pairs):
            raise bounds_place.error("two levels have the same lower bound")
        return EvidenceRule(measure, at_least=tuple(sorted(pairs, reverse=True)), confidence=rule_confidence)
    if measure in CATEGORY_MEASURES:
        cats_place = place.child(raw, "categories")
        cats = _mapping(_required(raw, "categories", place, f"measure '{measure}' needs categories: verdict: level"),
                        cats_place, "categories (verdict: level)")
        mapping = {str(verdict).strip().casefold(): level_of(lvl, cats_place.child(cats, verdict))
                   for verdict, lvl in cats.items()}
        return EvidenceRule(measure, categories=mapping, confidence=rule_confidence)
    known = ", ".join((*NUMERIC_MEASURES, *CATEGORY_MEASURES))
    raise place.child(raw, "measure").error(f"unknown measure '{measure}' (measures: {known})")


def _read_band(raw: Any, place: Place) -> Band:
    _mapping(raw, place, "a band (with at_least and label)")
    _no_unknown_keys(raw, place, {"at_least", "label"})
    return Band(_number(_required(raw, "at_least", place), place.child(raw, "at_least")),
                _text(_required(raw, "label", place), place.child(raw, "label")))


def _check_products_are_positive(groups: tuple[Group, ...], dimensions: dict[str, Dimension], combine: str,
                                 document: YamlMap, top: Place) -> None:
    """A weighted product Πv^w needs v >= 0: say so at load time, not as a NaN in a board paper."""
    for group in groups:
        if group.combine == "product" or combine == "product":
            for key in group.dimensions:
                negative = [step for step in dimensions[key].scale if step.value < 0]
                if negative:
                    raise top.child(document, "dimensions").child(document["dimensions"], key).error(
                        f"level {negative[0].level} has a negative value ({negative[0].value:g}); "
                        "values combined by a product must be 0 or more")


def _required(container: YamlMap, key: str, place: Place, problem: str | None = None) -> Any:
    if key not in container:
        raise place.error(problem or f"'{key}' is missing")
    return container[key]


def _mapping(value: Any, place: Place, what: str = "a section") -> YamlMap:
    if not isinstance(value, dict):
        raise place.error(f"expected {what}, found {_shown(value)}")
    return value


def _list(value: Any, place: Place, what: str = "a list") -> YamlList:
    if not isinstance(value, list):
        raise place.error(f"expected {what}, found {_shown(value)}")
    return value


def _no_unknown_keys(container: YamlMap, place: Place, known: set[str]) -> None:
    for key in container:
        if key not in known:
            expected = ", ".join(sorted(known))
            raise place.child(container, key).error(f"unknown setting '{key}' (expected one of: {expected})")


def _text(value: Any, place: Place) -> str:
    if isinstance(value, dict | list) or value is None:
        raise place.error(f"expected text, found {_shown(value)}")
    return str(value).strip()


def _number(value: Any, place: Place) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise place.error(f"expected a number, found {_shown(value)}")
    return float(value)


def _whole(value: Any, place: Place) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise place.error(f"expected a whole number, found {_shown(value)}")
    return value


def _weight(value: Any, place: Place) -> float:
    weight = _number(value, place)
    if weight < 0:
        raise place.error(f"a weight must be 0 or more, found {weight:g}")
    return weight


def _choice(value: Any, place: Place, choices: tuple[str, ...]) -> str:
    text = _text(value, place)
    if text not in choices:
        raise place.error(f"'{text}' is not one of: {', '.join(choices)}")
    return text


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a section"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"'{value}'"
