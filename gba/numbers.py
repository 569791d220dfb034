"""Reading numbers out of text: the one parser behind scoring, the simulation and the
calculator's grounding check.

`fmt_value` writes a number as a person does (and as every observation and scripted answer
shows it, so training and inference see the same digits). `number_spans` finds numbers
written in digits ('3,400', '-2.5', '2.9 million') with where they are; `numbers_in` also
reads number words ('seven', 'a dozen'), which is how people write small numbers in requests.
Writing numbers in words is the simulation's business (gba.simulation.phrasing.number_words),
from the same word lists.

A number glued to a word or a decimal point ('A4', '.5') is not read, so '1914-1918' is
1914 and 1918. Leaves out units, dates and fractions.

>>> fmt_value(66.15384615384616), fmt_value(464.0)
('66.15', '464')
>>> number_spans("about 2.9 million people")
[(2900000.0, 6, 17)]
>>> numbers_in("12.5% of 3,400 and a dozen, 2.5 million")
[12.5, 3400.0, 2.5, 2500000.0, 12.0]
"""

from __future__ import annotations

import re

NUMBER = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?")
SCALE = re.compile(r"[\s\u00a0]*(million|billion)\b")
SCALES = {"million": 1e6, "billion": 1e9}

UNITS_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
               "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
               "seventeen", "eighteen", "nineteen"]
TENS_WORDS = {20: "twenty", 30: "thirty", 40: "forty", 50: "fifty", 60: "sixty",
              70: "seventy", 80: "eighty", 90: "ninety", 100: "a hundred"}
WORD_NUMBERS = {w: float(i) for i, w in enumerate(UNITS_WORDS)} | {
    w: float(n) for n, w in TENS_WORDS.items()} | {"hundred": 100.0, "dozen": 12.0}


# Numbers a calculation may use without anyone giving them: small counts, calendar and clock
# units, percent, scales, and the common unit-conversion factors, for code that writes one (the
# simulation's reference code converts with gba.tools.units.convert, which needs none;
# tests/test_calculate.py checks that its code is grounded).
UNIT_FACTORS = {"km->mi": 0.621371, "mi->km": 1.609344, "kg->lb": 2.20462, "in->cm": 2.54,
                "ft->m": 0.3048, "m->ft": 3.28084, "gal->l": 3.78541, "l->gal": 0.264172,
                "oz->g": 28.3495, "ft->cm": 30.48,
                "yd->m": 0.9144, "mi->ft": 5280.0, "lb->kg": 0.453592, "km2->mi2": 0.386102, "C->K": 273.15, "C->F": 1.8}
# Among the constants below, those a request's wording implies without writing them:
# "monthly ... over 6 years" means 12 months a year, "a day ... in a year" 365 days, "per cent"
# 100, "a 12% rise" 1 + 12 / 100, "squared" 2. A task that restates the whole request carries
# these too (gba.simulation.draft.carries).
IMPLIED = frozenset([1.0, 2.0, 7.0, 12.0, 24.0, 52.0, 60.0, 100.0, 365.0, 366.0, 1000.0, 3600.0,
                     86400.0] + list(UNIT_FACTORS.values()))
CONSTANTS = frozenset(
    [float(n) for n in range(32)] + [0.5, 0.25, 0.75, 1.5, 32.0, 52.0, 60.0, 100.0, 360.0, 365.0, 366.0, 1000.0,
                                     3600.0, 86400.0, 1e6, 1e9] + list(UNIT_FACTORS.values()))


MONEY = re.compile(r"\s*(?:[€$£%]|euros?\b|dollars?\b|cents?\b|per ?cent\b)", re.IGNORECASE)


def forms(x: float) -> set[float]:
    """The values code may write for a given number `x`: as written, and, were it a percent,
    as a fraction, a growth or a discount factor.

    >>> sorted(forms(20.0))
    [0.2, 0.8, 1.2, 20.0]
    """
    x = abs(x)
    return {x, x / 100, 1 + x / 100, abs(1 - x / 100)}


def as_number(value: object) -> float | None:
    """`value` as a float, or None when it is none (None, a date, a list, a word): how a
    calculation's stored value is read.

    >>> as_number("2.5"), as_number(None), as_number("2026-12-07")
    (2.5, None, None)
    """
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def fmt_value(x: float) -> str:
    """A number as a person writes it: no trailing zeros; non-integers at most 2 decimals from
    1 up, 3 significant digits below 1 (a relative error under 0.5% either way, inside every
    scoring tolerance).

    >>> fmt_value(3.0), fmt_value(2.345), fmt_value(1234567.0), fmt_value(0.015), fmt_value(-0.5)
    ('3', '2.35', '1234567', '0.015', '-0.5')
    """
    if abs(x - round(x)) < 1e-9:
        return str(int(round(x)))
    if abs(x) >= 1:
        return f"{x:.2f}".rstrip("0").rstrip(".")
    return f"{x:.3g}"


def shown_result(value: str) -> str:
    """A calculation's value (the repr the sandbox returns) as an observation shows it: a
    float by `fmt_value`, anything else (an int, a list, text) as it is.

    >>> shown_result("4404.27901058"), shown_result("391"), shown_result("[1, 2]")
    ('4404.28', '391', '[1, 2]')
    """
    if re.fullmatch(r"-?\d+", value) or not re.fullmatch(r"-?\d+\.\d*(e[-+]?\d+)?", value):
        return value
    x = float(value)
    return fmt_value(x) if abs(x) < 1e15 else value


FRACTION_AFTER = re.compile(r"(?i)[\s-]+and[\s-]+a[\s-]+(half|quarter)\b")
FRACTIONS = {"half": 0.5, "quarter": 0.25}


def _fraction_after(text: str, value: float, end: int) -> tuple[float, int]:
    """A number followed by "and a half" or "and a quarter" is that much more, and ends there."""
    if m := FRACTION_AFTER.match(text, end):
        return value + FRACTIONS[m.group(1).lower()], m.end()
    return value, end


def number_spans(text: str) -> list[tuple[float, int, int]]:
    """(value, start, end) of every number written in digits in `text`, a following
    'million' or 'billion' included, and a following 'and a half' ('2 and a half' is 2.5).

    >>> [v for v, _, _ in number_spans("2.5 million people in 3 and a half hours")]
    [2500000.0, 3.5]
    """
    out = []
    for m in NUMBER.finditer(text):
        raw = m.group().rstrip(",")
        plain = raw.replace(",", "")
        if plain.strip("-."):
            end = m.start() + len(raw)
            value = float(plain)
            if scale := SCALE.match(text, end):
                value *= SCALES[scale.group(1)]
                end = scale.end()
            else:
                value, end = _fraction_after(text, value, end)
            out.append((value, m.start(), end))
    return out


def states(written: str, value: float) -> bool:
    """Whether a number as written ('61', '29,031.7', '2.9 million', '307,000') is `value`
    rounded to the precision it is written with: its decimals, its scale, and for 10,000 or
    more its trailing zeros (a year such as 1900 is exact).

    >>> states("29,031.7", 29031.69), states("307,000", 306951.09), states("1900", 1879.0)
    (True, True, False)
    """
    spans = number_spans(written)
    if not spans:
        return False
    shown, start, end = spans[0]
    digits = NUMBER.match(written, start).group().rstrip(",").replace(",", "").lstrip("-")
    scale = SCALES[m.group(1)] if (m := SCALE.search(written[start:end])) else 1.0
    if "." in digits:
        step = 10.0 ** -len(digits.split(".")[1])
    else:
        zeros = len(digits) - len(digits.rstrip("0"))
        step = 10.0 ** zeros if abs(shown) >= 10_000 and zeros < len(digits) else 1.0
    return abs(shown - value) <= step * scale / 2 + 1e-9 * abs(value)


def numbers_in(text: str) -> list[float]:
    """Every number in `text`: in digits as written, then the scaled values ('2.5 million'
    gives 2.5 and 2500000.0), then in words ('a dozen' -> 12.0)."""
    plain, scaled = [], []
    for value, start, end in number_spans(text):
        written = text[start:end]
        if SCALE.search(written):
            plain.append(float(NUMBER.match(written).group().rstrip(",").replace(",", "")))
            scaled.append(value)
        else:
            plain.append(value)
    return plain + scaled + [value for value, _, _ in word_spans(text)]


_TENS = {w: n for n, w in TENS_WORDS.items() if n < 100}
WORD = re.compile(r"(?i)\b(?:({})(?:[- ]({}))?|({}|hundred|dozen))\b".format(
    "|".join(_TENS), "|".join(UNITS_WORDS[1:10]), "|".join(UNITS_WORDS)))


def word_spans(text: str) -> list[tuple[float, int, int]]:
    """(value, start, end) of every number written in words: 'seven', 'eighty-two' (one
    number, 82), 'a dozen' (12).

    >>> [v for v, _, _ in word_spans("Eighty-two workers, twenty one days, a dozen eggs")]
    [82.0, 21.0, 12.0]
    >>> [v for v, _, _ in word_spans("three and a half hours, two and a quarter km")]
    [3.5, 2.25]

    A capitalised number word before a capitalised word is part of a name, not a number
    ("the Thirty Years' War": `name_numbers`).
    """
    return [span for span in _all_word_spans(text) if not _names(text, span)]


NAME_AFTER = re.compile(r"[ -]+[A-Z][a-z']")  # "Thirty Years' War", "Three Gorges Dam"


def _names(text: str, span: tuple[float, int, int]) -> bool:
    """A number word capitalised inside a sentence and followed by a capitalised word is
    part of a name ("the Thirty Years' War"); at a sentence's start it may be a count
    ("Four Germans share a taxi")."""
    _, start, end = span
    before = text[:start].rstrip()
    return (text[start].isupper() and bool(before) and before[-1] not in ".!?:;\"'("
            and NAME_AFTER.match(text, end) is not None)


def _all_word_spans(text: str) -> list[tuple[float, int, int]]:
    out = []
    for m in WORD.finditer(text):
        tens, unit, single = (g.lower() if g else g for g in m.groups())
        value = WORD_NUMBERS[single] if single else _TENS[tens] + (
            UNITS_WORDS.index(unit) if unit else 0)
        number, end = _fraction_after(text, float(value), m.end())
        out.append((number, m.start(), end))
    return out


COMPOUND_AFTER = re.compile(r"(?i)[\s-]+(?:hundred|thousand|million|billion)\b")
COMPOUND_BEFORE = re.compile(r"(?i)\b(?:[a-z]+[\s-]+hundred|hundred|thousand)(?:\s+and)?[\s-]+$")
# Number words left as words by `with_digits`: "one" is as often a pronoun ("no one", "the
# one I have") as a count, "zero" rarely a quantity to compute with.
KEPT_WORDS = frozenset(["one", "zero"])
ARTICLE_A = re.compile(r"(?i)\ba $")
HALF_A = re.compile(r"(?i)\bhalf an? $")


def with_digits(text: str) -> str:
    """`text` with its numbers in words written in digits ("a thirty-day month" -> "a 30-day
    month", "a dozen eggs" -> "12 eggs"), for the calculation role: the tiny model reads digits
    far better (`3.2 * 365` for a thirty-day month, `30 * 3.2` for a 30-day one). Names keep
    their words, and so do "one" and "zero" (KEPT_WORDS).

    >>> with_digits("Over a thirty-day month, a dozen eggs and Twenty-two pupils in the Thirty Years' War")
    "Over a 30-day month, 12 eggs and 22 pupils in the Thirty Years' War"
    >>> with_digits("No one walks five km a hundred times.")
    'No one walks 5 km 100 times.'
    >>> with_digits("two hundred and five, three thousand, half a dozen")
    'two hundred and five, three thousand, half a dozen'
    >>> with_digits("A film of 2 and a half hours, a walk of three and a quarter km")
    'A film of 2.5 hours, a walk of 3.25 km'
    """
    out, last = [], 0
    halves = [(v, a, b) for v, a, b in number_spans(text) if FRACTION_AFTER.search(text[a:b])]
    for value, start, end in sorted(word_spans(text) + halves, key=lambda span: span[1]):
        if start < last:
            continue
        if (value, start, end) in halves:  # "2 and a half" -> "2.5"
            out += [text[last:start], fmt_value(value)]
            last = end
            continue
        word, before = text[start:end].lower(), text[:start]
        article = ARTICLE_A.search(before) is not None  # "a dozen", "a hundred"
        if (word in KEPT_WORDS or COMPOUND_AFTER.match(text, end) or COMPOUND_BEFORE.search(before)
                or (word == "hundred" and not article)  # "two hundred"
                or (word == "dozen" and HALF_A.search(before))):
            continue
        if article and word in ("dozen", "hundred") and start - 2 >= last:
            start -= 2  # the article goes with the word
        out += [text[last:start], fmt_value(value)]
        last = end
    return "".join(out + [text[last:]])


def name_numbers(text: str) -> list[float]:
    """Numbers that `text` writes only inside names, as words ("the Thirty Years' War",
    "the Three Gorges Dam"): no quantity a calculation may use.

    >>> name_numbers("The Thirty Years' War lasted from 1618 to 1648."), name_numbers("Thirty days.")
    ([30.0], [])
    >>> name_numbers("Four Germans and the Three Kingdoms."), name_numbers("Thirteen T-shirts.")
    ([3.0], [])
    """
    plain = numbers_in(text)
    return [v for v, s, e in _all_word_spans(text)
            if _names(text, (v, s, e)) and v not in plain]
