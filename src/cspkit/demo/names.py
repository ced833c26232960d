"""Fictional names for forces, districts, wards and streets, so no demo figure is mistaken for a real place."""

from __future__ import annotations

import numpy as np

FORCE_AREAS: tuple[str, ...] = (
    "Ashdown", "Barrowmere", "Brackenshire", "Calder Vale", "Carrick Downs", "Cheswick",
    "Coldharbour", "Corrindale", "Deepdale", "Dunmore", "East Wealding", "Elmshire", "Fenmarch",
    "Foxleigh", "Glenford", "Greywater", "Harrowfield", "Highmoor", "Kestrel Vale", "Kingsmere",
    "Langmoor", "Lowther Vale", "Marchland", "Millbrook", "Northmoor", "Oakenshire", "Pennridge",
    "Ravensdale", "Redcliffe Downs", "Saltmarsh", "Severn Reach", "Stonebridge", "Southmere",
    "Tidewater", "Upper Wyvern", "Wealdshire", "Westerdale", "Whitmoor", "Wolds and Fens",
    "Wyvernshire", "Yarrowdale", "Aldermoor", "Brightwater",
)  # fmt: skip

_PLACE_STARTS: tuple[str, ...] = (
    "Ash", "Bar", "Beck", "Brad", "Bram", "Brook", "Cal", "Church", "Cold", "Crow", "Dun", "Elm",
    "Fal", "Fen", "Fox", "Gran", "Hart", "Hazel", "High", "Holm", "Kings", "Kirk", "Lang", "Lark",
    "Long", "Marl", "Mill", "Nor", "Oak", "Pen", "Red", "Rook", "Sel", "Stan", "Stoke", "Sut",
    "Thorn", "Wal", "Wel", "West", "Whit", "Wil", "Wood", "Yar",
)  # fmt: skip
_PLACE_ENDS: tuple[str, ...] = (
    "borough", "bridge", "bury", "by", "combe", "den", "field", "ford", "ham", "hurst", "ington",
    "ley", "minster", "mouth", "stead", "stone", "thorpe", "ton", "well", "wick", "worth",
)  # fmt: skip
_STREET_WORDS: tuple[str, ...] = (
    "Acacia", "Alder", "Beech", "Birch", "Bishops", "Blackthorn", "Bramble", "Cedar", "Chapel",
    "Cherry", "Chestnut", "Church", "Clover", "Coronation", "Dove", "Elder", "Fern", "Field",
    "Forge", "Foxglove", "Garden", "Hawthorn", "Heather", "Holly", "Juniper", "Kingfisher",
    "Laburnum", "Larch", "Lime", "Linden", "Maple", "Market", "Meadow", "Mill", "Moor",
    "Orchard", "Park", "Poplar", "Primrose", "Priory", "Queens", "Rectory", "Rowan", "School",
    "Sherwood", "Silver", "Spring", "Station", "Sycamore", "Tanners", "Victoria", "Wharf",
    "Willow", "Windmill", "Wren", "Yew",
)  # fmt: skip
_STREET_KINDS: tuple[str, ...] = (
    "Avenue", "Close", "Court", "Crescent", "Croft", "Drive", "Gardens", "Grove", "Lane", "Mews",
    "Place", "Rise", "Road", "Row", "Street", "Terrace", "View", "Walk", "Way",
)  # fmt: skip
PLACE_TYPES: tuple[str, ...] = (
    "Parking Area", "Supermarket", "Sports/Recreation Area", "Petrol Station", "Shopping Area",
    "Park/Open Space", "Nightclub", "Pedestrian Subway", "Further/Higher Educational Building",
    "Hospital", "Police Station", "Theatre/Concert Hall",
)  # fmt: skip
"""The non-street ``Location`` values police.uk uses for its anonymised map points."""


def force_slug(name: str) -> str:
    """The slug police.uk uses in file names: lower case, spaces to hyphens."""
    return name.lower().replace(" ", "-")


def force_display_name(name: str, index: int) -> str:
    """The 'Reported by' name: alternating Police and Constabulary, as real forces do."""
    return f"{name} {'Constabulary' if index % 3 == 1 else 'Police'}"


def place_names(rng: np.random.Generator, count: int) -> list[str]:
    """``count`` distinct fictional town names ('Hartbury', 'Oakminster')."""
    combos = [start + end for start in _PLACE_STARTS for end in _PLACE_ENDS]
    if count > len(combos):
        raise ValueError(f"at most {len(combos)} distinct place names, asked for {count}")
    return [combos[i] for i in rng.permutation(len(combos))[:count]]


def street_names(rng: np.random.Generator, count: int) -> list[str]:
    """``count`` street names ('Rowan Croft'); may repeat, as street names do across towns."""
    words = rng.integers(len(_STREET_WORDS), size=count)
    kinds = rng.integers(len(_STREET_KINDS), size=count)
    return [f"{_STREET_WORDS[w]} {_STREET_KINDS[k]}" for w, k in zip(words, kinds, strict=True)]


def location_labels(rng: np.random.Generator, count: int, place_share: float = 0.2) -> list[str]:
    """``Location`` values: mostly 'On or near <street>', some 'On or near <place type>'."""
    streets = street_names(rng, count)
    is_place = rng.random(count) < place_share
    places = rng.integers(len(PLACE_TYPES), size=count)
    return [
        f"On or near {PLACE_TYPES[p] if use_place else street}"
        for street, use_place, p in zip(streets, is_place, places, strict=True)
    ]
