"""Unit conversion from one table: `convert(3.2, "mi", "km")`, the only source of factors.

Each unit has a dimension and its size in SI units, exact by definition (1 in = 2.54 cm,
1 lb = 0.45359237 kg, 1 US gallon = 231 in³, 1 nautical mile = 1852 m); a temperature also has
an offset. Names are normalized before the lookup (case, plurals, metre/meter, litre/liter,
"degrees", "°", "sq"/"square"/"²"/"^2", "cubic", "per"), so "square metres", "sq m", "m²" and
"m^2" are one unit, and a length per time ("miles per hour", "ft/s") is a speed. The result
is rounded to 12 significant digits, which hides float noise and nothing else. An unknown
unit or two dimensions that do not match raise ValueError with one line that names them
(the calculation sandbox shows it to the model for a repair).

Leaves out: units not in the table (no SI prefixes beyond those listed, no imperial (UK)
gallons or pints, no "ton", which means 907 or 1016 kg), other compound units, temperature
differences (a change of 10 °C is 18 °F, but convert(10, "C", "F") is 50), currencies.

>>> convert(3.2, "mi", "km")
5.1499008
>>> convert(98.6, "°F", "degrees Celsius")
37.0
>>> convert(1, "acre", "ha")
0.40468564224
>>> convert(5, "kg", "km")
Traceback (most recent call last):
...
ValueError: cannot convert 'kg' (a mass) to 'km' (a length)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_IN, _LB = 0.0254, 0.45359237  # metres per inch, kilograms per pound (exact)
_FT, _YD, _MI, _NMI = 12 * _IN, 36 * _IN, 63_360 * _IN, 1852.0
_GAL = 231 * _IN ** 3  # the US gallon in m³

# dimension -> (aliases, SI units per unit[, offset]); the first alias is the unit's symbol
TABLE: dict[str, list[tuple]] = {
    "length": [("m, metre", 1.0), ("km, kilometre", 1e3), ("cm, centimetre", 1e-2),
               ("mm, millimetre", 1e-3), ("mi, mile, statute mile", _MI), ("ft, foot", _FT),
               ("in, inch", _IN), ("yd, yard", _YD), ("nmi, nautical mile", _NMI)],
    "mass": [("kg, kilogram, kilo", 1.0), ("g, gram", 1e-3), ("mg, milligram", 1e-6),
             ("lb, pound", _LB), ("oz, ounce", _LB / 16), ("t, tonne, metric ton", 1e3),
             ("st, stone", 14 * _LB)],
    "volume": [("l, litre", 1e-3), ("ml, millilitre", 1e-6), ("gal, gallon", _GAL),
               ("qt, quart", _GAL / 4), ("pt, pint", _GAL / 8), ("cup", _GAL / 16),
               ("fl oz, fluid ounce, floz", _GAL / 128), ("m3, cubic metre", 1.0),
               ("cm3, cubic centimetre, cc", 1e-6)],
    "area": [("m2, square metre", 1.0), ("km2, square kilometre", 1e6),
             ("cm2, square centimetre", 1e-4), ("ha, hectare", 1e4),
             ("acre, ac", 4840 * _YD ** 2), ("ft2, square foot", _FT ** 2),
             ("yd2, square yard", _YD ** 2), ("mi2, square mile", _MI ** 2),
             ("in2, square inch", _IN ** 2)],
    "time": [("s, second, sec", 1.0), ("min, minute", 60.0), ("h, hour, hr", 3600.0),
             ("day", 86_400.0), ("week, wk", 604_800.0)],
    "speed": [("m/s", 1.0), ("km/h, kph, kmh", 1e3 / 3600), ("mph", _MI / 3600),
              ("knot, kn, kt", _NMI / 3600)],  # and any length per time
    "temperature": [("C, celsius, centigrade", 1.0, 273.15), ("F, fahrenheit", 5 / 9, 459.67),
                    ("K, kelvin", 1.0, 0.0)],
}
ARTICLE = {"area": "an area"}  # "a length", "a mass", ...


@dataclass(frozen=True)
class Unit:
    """A unit: `value` of it is (value + offset) * factor in SI units of `dimension`."""

    symbol: str
    dimension: str
    factor: float
    offset: float = 0.0


IRREGULAR = {"feet": "foot", "inches": "inch"}
DROPPED = {"degree", "degrees", "deg", "us"}  # "degrees Fahrenheit", "US gallons"


def _singular(word: str) -> str:
    if word in IRREGULAR:
        return IRREGULAR[word]
    if len(word) >= 3 and word.endswith("s") and not word.endswith(("ss", "us")):
        return word[:-1]  # "miles", "kilos", "lbs"; not "celsius"
    return word


def normalize(name: str) -> str:
    """The lookup key of a unit name.

    >>> [normalize(n) for n in ("Square Metres", "sq. m", "m²", "kilometres per hour", "°F")]
    ['meter2', 'm2', 'm2', 'kilometer/hour', 'f']
    """
    text = name.strip().lower().replace("u.s.", "us").replace("²", "2").replace("³", "3")
    for old, new in (("^", ""), ("metre", "meter"), ("litre", "liter"), ("gramme", "gram")):
        text = text.replace(old, new)
    words, power = [], ""
    for word in re.findall(r"[a-z0-9]+|/", text):
        if word in DROPPED:
            continue
        if word in ("square", "sq", "cubic", "cu"):
            power = "2" if word in ("square", "sq") else "3"
        elif word in ("squared", "cubed") and words:
            words[-1] += "2" if word == "squared" else "3"
        elif word in ("/", "per", "an", "a"):
            words.append("/")
        else:
            words.append(_singular(word) + power)
            power = ""
    return " ".join(words).replace(" / ", "/")


def _build() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for dimension, rows in TABLE.items():
        for aliases, *size in rows:
            names = [a.strip() for a in aliases.split(",")]
            unit = Unit(names[0], dimension, *size)
            for key in {normalize(a) for a in names}:
                if units.setdefault(key, unit) is not unit:
                    raise AssertionError(f"{key!r} names both {units[key]} and {unit}")
    return units


UNITS = _build()
SYMBOLS = {d: [row[0].split(",")[0] for row in rows] for d, rows in TABLE.items()}
EXAMPLES = "m, km, mi, ft, in, kg, g, lb, oz, l, ml, gal, m2, km2, ha, acre, s, h, km/h, mph, C, F, K"


def lookup(name: str) -> Unit:
    """The unit `name` means; ValueError (one line, with the units it could be) if none."""
    key = normalize(str(name))
    if key in UNITS:
        return UNITS[key]
    top, _, bottom = key.partition("/")
    length, time = UNITS.get(top), UNITS.get(bottom)
    if length and time and length.dimension == "length" and time.dimension == "time":
        return Unit(f"{length.symbol}/{time.symbol}", "speed", length.factor / time.factor)
    raise ValueError(_unknown(name))


def _unknown(name: str, like: Unit | None = None) -> str:
    """One line: the name, and the units of the other unit's dimension (or a few of each)."""
    if like is None:
        return f"unknown unit {name!r}; known units include {EXAMPLES}"
    return f"unknown unit {name!r}; {like.dimension} units are {', '.join(SYMBOLS[like.dimension])}"


def _known(name: str) -> Unit | None:
    try:
        return lookup(name)
    except ValueError:
        return None


AMBIGUOUS = {"in", "a", "an", "at", "s", "h"}  # "3 in total", "2 a day": words before units


def starts_with_unit(text: str) -> bool:
    """Whether `text` begins with a unit name (one or two words), as after a measurement:
    "3 feet tall", "2 square metres"; not "3 in total" or "2 people".

    >>> starts_with_unit(" feet tall"), starts_with_unit(" sq km"), starts_with_unit(" in all")
    (True, True, False)
    """
    words = re.findall(r"[^\s,.;:!?()]+", text)[:2]
    if not words or words[0].lower() in AMBIGUOUS:
        return False
    return _known(words[0]) is not None or (len(words) == 2 and _known(" ".join(words)) is
                                            not None)


def _dimension(unit: Unit) -> str:
    return ARTICLE.get(unit.dimension, f"a {unit.dimension}")


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """`value` in `from_unit`, expressed in `to_unit` (names as people write them).

    >>> convert(10, "US gallons", "litres"), convert(100, "km/h", "miles per hour")
    (37.85411784, 62.1371192237)
    """
    source, target = _known(from_unit), _known(to_unit)
    if source is None or target is None:
        name, other = (from_unit, target) if source is None else (to_unit, source)
        raise ValueError(_unknown(name, other))
    if source.dimension != target.dimension:
        raise ValueError(f"cannot convert {from_unit!r} ({_dimension(source)}) to {to_unit!r} "
                         f"({_dimension(target)})")
    value, ratio = float(value), source.factor / target.factor
    scale = max(max(abs(value), source.offset) * ratio, target.offset)  # the terms' size
    return _rounded((value + source.offset) * ratio - target.offset, scale)


def _rounded(x: float, scale: float) -> float:
    """`x` to 12 significant digits of `scale`, the size of the terms it came from (so
    32 °F is 0.0 °C, not 2.8e-14)."""
    if not (math.isfinite(x) and math.isfinite(scale)) or scale == 0:
        return x
    return round(x, 11 - math.floor(math.log10(scale))) + 0.0  # + 0.0: no -0.0
