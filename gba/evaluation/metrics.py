"""Scoring one trajectory against its ground truth: the one correctness rule.

`correct(traj)` decides every run (the report, the judge's agreement with truth, dataset
packaging). It returns True or False, or None when the answer's text cannot be decided
(the report counts those as undecided instead of guessing).

- Scripted world (`environment` "scripted" in the run's metadata; without metadata, the
  request's recorded source): the scripted final-answer tool writes the canonical answer
  text only when the steps gathered every needed fact, so a run is correct when it completed
  with exactly that text.
- Elsewhere `verdict(answer, truth, request)` reads the final answer strictly:
  - names: the answer must commit to the right entity with the request's own comparative
    or its opposite ("X was born first", "X is older than Y", "Y is lower", "X, born in
    1770." as the answer's lead, "X < Y") and not to a wrong one (`truth.entities`,
    `details["other"]`; `must_mention` gives the answer's short forms); naming both, or
    listing their years without saying who, is wrong; right only by implication ("Y was
    born second") is undecided;
  - numbers: the value stated for the asked quantity (a birth year, a death year, an age or
    another span in years, otherwise the result) must lie within `truth.tolerance` (relative) of `truth.value` or
    of a value in `truth.details["also_accept"]` (a second accepted reading). Numbers that
    restate the request, and years given as context ("lived from 1809 to 1882" when the
    age is asked), do not count against it; two values claimed for the asked quantity
    ("born in 1564 or 1565") are wrong; several bare numbers of which one is right are
    undecided.

Left out: spelled-out numbers ("forty"), units (a right number in the wrong unit passes),
and any reading of the steps (only the final answer is judged).

>>> from gba.simulation.records import GroundTruth
>>> verdict("12.5% of 3,400 is 425.", GroundTruth(answer="425", value=425.0),
...         "What is 12.5 percent of 3,400?")
'correct'
>>> both = GroundTruth(answer="Hegel", entities=["Hegel", "Kant"])
>>> verdict("Hegel was born first.", both, "Who was born first, Hegel or Kant?")
'correct'
>>> verdict("Kant was born first. Hegel was born first.", both, "Who was born first?")
'wrong'
>>> verdict(None, GroundTruth(answer="4", value=4.0))
'wrong'
"""

from __future__ import annotations

import re
from typing import Literal

from gba.numbers import number_spans
from gba.simulation.records import GroundTruth
from gba.text import unaccented
from gba.trajectory import Trajectory

Verdict = Literal["correct", "wrong", "undecided"]
BOUNDARY = re.compile(r"(?<!\b\w)[.!?;](?=\s|$)|[()\[\]]")  # not after an initial
MONTHS = ("january february march april may june july august september october november "
          "december jan feb mar apr jun jul aug sep sept oct nov dec").split()
HEDGE = re.compile(r"\b(or|either|maybe|perhaps|possibly|probably)\b")
RESULT = re.compile(r"(?:\bis|\bare|=|\bequals|\bgives|\bmakes|\bcomes to|\btotal of)"
                    r"\s*(?:about|around|roughly|approximately)?\s*\$?\s*$")


def fold(text: str) -> str:
    """Lower case without accents ('Émile' -> 'emile'), so names match however typed."""
    return unaccented(text).lower()


def numbers(text: str) -> list[float]:
    """Every number written in `text` ('3,400' -> 3400.0)."""
    return [v for v, _, _ in number_spans(text)]


# ---- numbers --------------------------------------------------------------------------

def asked_quantity(request: str) -> str:
    """What a numeric request asks for: 'age' (an age or another span in years),
    'birth_year', 'death_year' or 'value'."""
    r = fold(request)
    if re.search(r"\bhow old\b|\bwhat age\b|\bage\b|\bhow many years\b|\bcount the years\b"
                 r"|\bhow long\b.*\b(?:live|life|lived)\b", r):
        return "age"
    when = re.search(r"\bwhen\b|\byear\b", r)
    if when and re.search(r"\bborn\b|\bbirth\b|\binto the world\b", r):
        return "birth_year"
    if when and re.search(r"\b(?:die|died|death)\b|\bpass(?:ed)? away\b", r):
        return "death_year"
    return "value"


def _is_day(text: str, start: int, end: int, value: float) -> bool:
    """A day of the month ('15 February', 'February 15,'), not a year."""
    if value > 31:
        return False
    after, before = text[end:end + 12].strip(" ,.").split(" ")[0], text[:start].split()
    return after.strip(",.") in MONTHS or bool(before and before[-1].strip(",.") in MONTHS)


DURATION = r"\s*-?\s*(?:years?|yrs?)\b"  # after a number: a span of years, never a year


def typed_numbers(text: str) -> dict[int, str]:
    """Start offset -> 'birth_year' / 'death_year' / 'age' for numbers whose wording says
    what they are ('born in N', 'died in N', 'N to M' as a life span, 'N years', 'aged N')."""
    low = fold(text)
    spans = number_spans(low)
    kinds: dict[int, str] = {}
    for a, b in zip(spans, spans[1:], strict=False):
        between = low[a[2]:b[1]]
        if (re.fullmatch(r"\s*(?:-|–|—|to|until|till)\s*", between) and a[0] >= 100
                and 0 < b[0] - a[0] <= 130):
            kinds[a[1]], kinds[b[1]] = "birth_year", "death_year"
    for word, kind in ((r"\bborn\b", "birth_year"), (r"\b(?:died|death)\b", "death_year")):
        for m in re.finditer(word, low):
            stop = BOUNDARY.search(low, m.end())
            window_end = min(m.end() + 40, stop.start() if stop else len(low))
            for value, start, end in spans:
                if re.match(DURATION, low[end:]):
                    continue  # 'born 12 years after X': a gap, not a year of birth
                if m.end() <= start < window_end and not _is_day(low, start, end, value):
                    age = kind == "death_year" and re.search(
                        r"(?:\bat|\baged)\s+(?:the\s+age\s+of\s+)?$", low[m.end():start])
                    kinds.setdefault(start, "age" if age else kind)
                    break
    for _, start, end in spans:
        if (re.match(DURATION + r"(?!\s+(?:later|after|before|earlier|ago))",
                     low[end:]) or re.search(r"\b(?:aged|age of)\s+$", low[:start])):
            kinds.setdefault(start, "age")
    return kinds


def _matches(value: float, truth: GroundTruth) -> bool:
    accepted = [truth.value, *truth.details.get("also_accept", [])]
    return any(abs(value - float(t)) <= max(truth.tolerance * abs(float(t)), 1e-6)
               for t in accepted if t is not None)


def numeric_verdict(answer: str, truth: GroundTruth, request: str = "") -> Verdict:
    """The value the answer states for the asked quantity, against the truth."""
    spans = number_spans(fold(answer))
    asked = asked_quantity(request)
    kinds = typed_numbers(answer) if asked != "value" else {}
    restated = [v for v in numbers(request) if not _matches(v, truth)]
    claimed = [v for v, start, _ in spans if kinds.get(start) == asked]
    typed = bool(claimed)
    if not typed:  # no wording says which number is the asked one: the untyped, new ones
        claimed = [v for v, start, _ in spans if start not in kinds and v not in restated]
    distinct: list[float] = []
    for v in claimed:
        if not any(abs(v - d) <= max(truth.tolerance * abs(d), 1e-9) for d in distinct):
            distinct.append(v)
    right = [v for v in distinct if _matches(v, truth)]
    if not right:
        return "wrong"
    others = [v for v, start, _ in spans if start not in kinds and v not in restated
              and v not in distinct]
    if others and HEDGE.search(fold(answer)):
        return "wrong"  # 'born in 1809 or 1810'
    if len(distinct) == 1:
        return "correct"
    if typed or HEDGE.search(fold(answer)):
        return "wrong"  # two values offered for the one quantity asked
    last_value, last_start, _ = spans[-1]
    if _matches(last_value, truth) and RESULT.search(fold(answer)[:last_start]):
        return "correct"  # working shown, then the result stated last
    return "undecided"


# ---- names ----------------------------------------------------------------------------

EARLY = ("first", "earlier", "earliest", "before", "sooner")
LATE = ("second", "later", "latest", "last", "after")
OLD, YOUNG = ("older", "elder", "oldest", "eldest"), ("younger", "youngest")
MORE = ("higher", "taller", "longer", "bigger", "larger", "more", "greater", "heavier",
        "deeper", "faster", "hotter", "wider", "highest", "tallest", "longest", "biggest",
        "largest", "most", "greatest")
LESS = ("lower", "shorter", "smaller", "less", "fewer", "lighter", "shallower", "slower",
        "colder", "narrower", "cheaper", "lowest", "shortest", "smallest", "least", "cheapest")
HEAD_ANSWER = re.compile(r"\b(?:answer|it)\s+(?:is|was)\s*:?\s*$")


def comparison(request: str) -> tuple[set[str], set[str], str] | None:
    """The words that give an entity the win in a comparison request, the words that give it
    the loss, and the sign that wins ('<' or '>', for 'X < Y'); None when the request names no
    comparative. Birth order and age are one scale ('born first' = 'older'), but not an age at
    death ('died younger')."""
    words = set(re.findall(r"[a-z]+", fold(request)))
    same_scale = bool(words & {"born", "birth"}) or "into the world" in fold(request) or (
        bool(words & set(OLD + YOUNG)) and not words & {"die", "died", "death", "lived"})
    groups = [(EARLY + OLD if same_scale else EARLY, LATE + YOUNG if same_scale else LATE, "<"),
              (OLD, YOUNG, "<" if same_scale else ">"), (MORE, LESS, ">")]
    for win, lose, sign in groups:
        for a, b, s in ((win, lose, sign), (lose, win, "<" if sign == ">" else ">")):
            if words & set(a):
                return set(a), set(b), s
    return None


def _keys(name: str, others: list[str], aliases: list[str]) -> list[str]:
    """Ways an answer may write `name`: in full, by a given short form, or by a surname no
    other entity shares."""
    full = fold(name).strip()
    last = full.replace(".", " ").split()[-1] if full else ""
    other_lasts = {fold(o).replace(".", " ").split()[-1] for o in others if o.strip()}
    keys = [full] + [fold(a) for a in aliases if fold(a) in full and fold(a) != full]
    return keys + ([last] if len(last) >= 3 and last not in other_lasts else [])


def mentions(answer: str, entities: list[str], aliases: list[str] = ()
             ) -> list[tuple[int, int, str]]:
    """(start, end, entity) of every non-overlapping mention, in order."""
    low, found = fold(answer), []
    for name in entities:
        for key in _keys(name, [e for e in entities if e != name], list(aliases)):
            for m in re.finditer(rf"(?<!\w){re.escape(key)}(?!\w)", low):
                if not any(s < m.end() and m.start() < e for s, e, _ in found):
                    found.append((m.start(), m.end(), name))
    return sorted(found)


def _says(text: str, words: set[str], sign: str | None = None) -> bool:
    return bool(set(re.findall(r"[a-z]+", text)) & words) or bool(sign and sign in text)


def commitments(answer: str, entities: list[str], request: str = "",
                aliases: list[str] = ()) -> tuple[set[str], set[str]]:
    """The entities the answer gives as the answer to a comparison ('who was born first'):
    those it names as the winner, and those it implies by naming the other as the loser."""
    low, found = fold(answer), mentions(answer, entities, aliases)
    scale = comparison(request)
    committed: set[str] = set()
    implied: set[str] = set()
    decided: set[int] = set()  # mentions whose own wording says who wins or loses
    for i, (start, end, name) in enumerate(found):
        nxt = found[i + 1][0] if i + 1 < len(found) else len(low)
        stop = BOUNDARY.search(low, end)
        tail = low[end:min(nxt, stop.start() if stop else len(low))]
        prev_end = found[i - 1][1] if i else 0
        starts = [m.end() for m in BOUNDARY.finditer(low, 0, start)]
        head = low[max([prev_end, *starts]):start]
        wins = loses = False
        if scale is not None:
            win, lose, sign = scale
            other = ">" if sign == "<" else "<"
            wins, loses = _says(tail, win, sign), _says(tail, lose, other)
            if not (wins or loses) and re.search(r"\b(?:was|is|are|were)\s*:?\s*$", head):
                wins, loses = _says(head, win), _says(head, lose)
        if not (wins or loses) and HEAD_ANSWER.search(head):
            wins = True
        if wins == loses:  # neither, or both ('born first, after ...'): no claim
            continue
        decided.add(i)
        if wins:
            committed.add(name)
        elif len(entities) == 2:
            implied.update(e for e in entities if e != name)
    cut = re.search(r"[,(;:]", low)
    ends = [m.start() for m in (cut, BOUNDARY.search(low)) if m]
    lead = low[:min(ends, default=len(low))]  # the answer's first segment
    lead_found = [m for m in found if m[1] <= len(lead)]
    first = BOUNDARY.split(re.sub(r"\([^()]*\)", " ", low), maxsplit=1)[0]
    alone = len({n for _, _, n in mentions(first, entities, aliases)}) == 1
    if len(lead_found) == 1 and 0 not in decided and alone:
        s, e, name = lead_found[0]
        if len((lead[:s] + " " + lead[e:]).split()) <= 2:  # 'Lu Xun.', 'X, born in 1770'
            committed.add(name)
    return committed, implied


def name_verdict(answer: str, truth: GroundTruth, request: str = "") -> Verdict:
    """The right entity committed to, and no wrong one (`truth.entities` and
    `details["other"]` are the candidates; `must_mention` the answer and its short forms)."""
    winner = truth.answer or (truth.must_mention or [""])[0]
    aliases = [m for m in truth.must_mention if m != winner]
    others = [str(o) for o in truth.details.get("other", [])]
    entities = list(dict.fromkeys([winner, *truth.entities, *others]))
    wrong = [e for e in entities if e != winner and e not in truth.must_mention]
    entities = [winner, *wrong]
    if not wrong:  # no known alternatives: naming the answer is all that can be checked
        low = fold(answer)
        return "correct" if any(fold(n) in low for n in [winner, *aliases] if n) else "wrong"
    committed, implied = commitments(answer, entities, request, aliases)
    if (committed | implied) & set(wrong):
        return "wrong"
    if winner in committed:
        return "correct"
    if winner in implied:
        return "undecided"  # 'Y was born second': right by implication, the answer unnamed
    named = {name for _, _, name in mentions(answer, entities, aliases)}
    if comparison(request) is None and winner in named:  # a question the rule cannot read
        return "correct" if named == {winner} else "undecided"
    return "wrong"  # says no one, or lists facts without saying who


# ---- the rule -------------------------------------------------------------------------

def verdict(answer: str | None, truth: GroundTruth, request: str = "") -> Verdict:
    """'correct', 'wrong' or 'undecided' for a final answer to `request`."""
    if not answer or not answer.strip():
        return "wrong"
    if truth.value is not None:
        return numeric_verdict(answer, truth, request)
    return name_verdict(answer, truth, request)


def answer_correct(answer: str | None, truth: GroundTruth, request: str = "") -> bool:
    """Only a decided, correct answer counts (undecided reads as not correct)."""
    return verdict(answer, truth, request) == "correct"


def scripted_correct(traj: Trajectory) -> bool:
    """Scripted world: the run completed with the canonical answer text, which the scripted
    final-answer tool writes only when the steps gathered every needed fact."""
    truth = GroundTruth.from_request_dict(traj.request.ground_truth)
    if truth is None or traj.status != "completed":
        return False
    return traj.final_answer == (truth.details.get("answer_text") or truth.answer)


def environment(traj: Trajectory) -> str:
    """Where the run ran, as recorded: the runner's metadata, else the request's source."""
    return str(traj.metadata.get("environment") or traj.request.source)


def correct(traj: Trajectory) -> bool | None:
    """The one correctness rule: True, False, or None (undecided). Runs that did not
    complete (step limit, crash) are wrong, whatever text they hold."""
    truth = GroundTruth.from_request_dict(traj.request.ground_truth)
    if truth is None:
        raise ValueError(f"request {traj.request.id} has no ground truth to score against")
    if environment(traj) == "scripted":
        return scripted_correct(traj)
    if traj.status != "completed":
        return False
    v = verdict(traj.final_answer, truth, traj.request.text)
    return None if v == "undecided" else v == "correct"


def step_agreement(tools: list[str], reference: list[str]) -> float:
    """Share of step positions where the tool is the oracle's, over the longer of the two
    sequences (so extra or missing steps count as disagreements).

    >>> step_agreement(["search_wikipedia", "final_answer"],
    ...                ["search_wikipedia", "calculate_number", "final_answer"])
    0.333
    """
    longest = max(len(tools), len(reference))
    if not longest:
        return 1.0
    return round(sum(a == b for a, b in zip(tools, reference, strict=False)) / longest, 3)


def score(traj: Trajectory) -> dict:
    """Per-trajectory metrics: correctness (undecided apart), completion, errors, steps,
    oracle tool match."""
    truth = GroundTruth.from_request_dict(traj.request.ground_truth)
    if truth is None:
        raise ValueError(f"request {traj.request.id} has no ground truth to score against")
    decided = correct(traj)
    tools = [s.tool for s in traj.steps]
    return {"request": traj.request.id, "kind": truth.kind or truth.template,
            "environment": environment(traj),
            "correct": int(bool(decided)), "undecided": int(decided is None),
            "completed": int(traj.status == "completed"),
            "error": int(traj.status == "error"), "steps": len(traj.steps),
            "min_steps": truth.min_steps, "tools_as_oracle": int(tools == truth.tools),
            "step_tool_agreement": step_agreement(tools, truth.tools),
            "seconds": round(traj.duration_s, 2)}
