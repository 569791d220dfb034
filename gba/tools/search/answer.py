"""The LLM steps shared by the search tools: task -> query, and sources -> short answer.

Both go through `client.complete(..., schema=...)`, so any backend can enforce them with a
grammar. Prompts are short and retrieved text is cut to a character budget: the embedded
model is a 135M model with a small context. `answer_from_sources` is the one answer step
of both search tools, with its fallback to the top passages when no answer can be written.

Answers are grounded in code, after generation, whatever the model: every number and name
an answer states must occur in the passages it cites (or their titles). When what is missing
is in another passage the model was shown, that passage is cited too; otherwise the answer is
replaced by `SOURCES_DO_NOT_SAY`, the same words the scripted world's search tools use when
the sources lack the answer. Numbers compare by value as written (`1,889` = `1889`,
`200.00` = `200`, no rounding); names compare as words, ignoring case and accents, and a
name misspelled by a letter or two still counts. A number must also belong to what the
sentence stating it names: a sentence that names a shown article may state only numbers that
article's passage holds (`misbound`), so a figure of the article beside it is not passed off
as the named one's; and a year given as someone's birth must be one their passage gives as a
birth (gba.tools.search.life_years: an office's years are not a life). A number given with
another unit of the same kind than the passages write after it gets theirs back ("1,350 km"
for "1,350 mi (2,170 km)"; gba.tools.conversions.with_passage_units; data["units_fixed"]
keeps what was written).

Leaves out retrieval itself (gba.retrieval: the index, the web) and choosing passages.

>>> from gba.client.fake import FakeClient
>>> client = FakeClient([{"query": "Eiffel Tower height"}])
>>> rewrite_query(client, "How tall is the Eiffel Tower?", "Wikipedia")[0]
'Eiffel Tower height'
>>> ungrounded("I pay $200.00 a month in Paris.", ["Paris is the capital of France."])
['200.00']
"""

from __future__ import annotations

import difflib
import re

from pydantic import BaseModel, Field

from gba.client.base import LLMClient, Message, Usage
from gba.errors import InvalidOutputError
from gba.text import SENTENCE, clip, titles_named, unaccented
from gba.tools.base import ToolResult
from gba.tools.conversions import other_kinds, with_passage_units
from gba.tools.search.focus import focus
from gba.tools.search.life_years import unstated_life_years, whole_life

QUERY_PROMPT = """Write a short {engine} search query (a few keywords) for this task.
Task: {task}"""

ANSWER_PROMPT = """Answer the task in one or two sentences, using only the sources below.
If they do not contain the answer, say that they do not.
{sources}
Task: {task}"""

TASK_CHARS = 500  # the task as the query and answer prompts show it
MIN_SOURCE_CHARS = 80  # no source is cut shorter than this, however many share the budget
FALLBACK_SOURCES = 2  # passages shown as they are when no answer could be written ...
FALLBACK_CHARS = 300  # ... each cut to this length
SOURCES_SEPARATOR = "; "  # between the cited titles or URLs in "(Sources: ...)"
SOURCES_DO_NOT_SAY = "The sources do not say."  # an answer its sources do not back

FACT_VERB = re.compile(r"has|had|is|was|lies|sits|covers|stands|measures|reaches|flows|runs|"
                       r"rises|lived|died|became|ruled|served|spans|stretches|holds")
NAME_SIMILARITY = 0.8  # difflib ratio at which a misspelled name still counts as found
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
# Capitalized words that state no fact: sentence openers, pronouns, the answer's own words.
NOT_NAMES = frozenset("""a about according after also although an and approximately are as at
based because before both but by during each either for from given he her his however i if in
it its many more most my neither no not of on one only or our she since so some source sources
that the their there these they this those to unfortunately we when while with yes you your
""".split())


class SearchQuery(BaseModel):
    query: str = Field(description="a few keywords", max_length=120)


class SourcedAnswer(BaseModel):
    answer: str = Field(description="short answer from the sources", max_length=300)
    sources: list[int] = Field(
        default_factory=list, max_length=3, description="numbers of the sources used"
    )


class Source(BaseModel):
    """One retrieved piece shown to the LLM: a label (title or URL) and its text."""

    label: str
    text: str
    ref: str = Field(default="", description="what goes into ToolResult.sources (title/URL)")


def query_messages(task: str, engine: str) -> list[Message]:
    """The search_query role's prompt (inference and training examples alike)."""
    return [Message(role="user", content=QUERY_PROMPT.format(engine=engine,
                                                             task=task.strip()[:TASK_CHARS]))]


def answer_messages(task: str, shown: list[Source]) -> list[Message]:
    """The search_answer role's prompt over sources already cut to the budget
    (`fit_sources`), numbered from 1 (inference and training examples alike)."""
    listing = "\n".join(f"[{i}] {s.label}: {s.text}" for i, s in enumerate(shown, 1))
    prompt = ANSWER_PROMPT.format(sources=listing, task=task.strip()[:TASK_CHARS])
    return [Message(role="user", content=prompt)]


def rewrite_query(
    client: LLMClient, task: str, engine: str, max_tokens: int = 48
) -> tuple[str, Usage]:
    """A search query for `task`; falls back to the task itself if the LLM output is unusable."""
    try:
        completion = client.complete(query_messages(task, engine), SearchQuery,
                                     max_tokens=max_tokens)
    except InvalidOutputError:
        return task.strip(), Usage()
    query = completion.parsed.query.strip()
    return (query or task.strip()), completion.usage


def fit_sources(sources: list[Source], budget_chars: int, task: str = "") -> list[Source]:
    """Cut each source's text so all of them together stay within `budget_chars`: from its
    start, or with the sentence `task` asks about brought forward (gba.tools.search.focus)."""
    if not sources:
        return []
    share = max(MIN_SOURCE_CHARS, budget_chars // len(sources))
    return [s.model_copy(update={"text": focus(s.text, share, task)}) for s in sources]


def write_answer(
    client: LLMClient, task: str, sources: list[Source], budget_chars: int, max_tokens: int = 160
) -> tuple[str, list[Source], Usage]:
    """The LLM's short answer from numbered sources, the sources it cited, and the usage.

    If the LLM cites no valid source number, every source shown counts as cited.
    """
    shown = fit_sources(sources, budget_chars, task)
    completion = client.complete(answer_messages(task, shown), SourcedAnswer,
                                 max_tokens=max_tokens)
    parsed: SourcedAnswer = completion.parsed
    cited = [shown[n - 1] for n in dict.fromkeys(parsed.sources) if 1 <= n <= len(shown)]
    return parsed.answer.strip(), cited or shown, completion.usage


def _fold(word: str) -> str:
    """A word for comparison: lower case, accents dropped, a possessive 's cut."""
    word = unaccented(word.casefold()).replace("\u2019", "'")
    return word[:-2] if word.endswith("'s") else word


def _number(token: str) -> str:
    """A number as written, compared by value: thousands commas dropped, trailing decimal
    zeros dropped (`1,889.50` -> `1889.5`)."""
    digits = token.replace(",", "")
    if "." in digits:
        digits = digits.rstrip("0").rstrip(".")
    return digits.lstrip("0") or "0"


def stated_facts(answer: str) -> tuple[list[str], list[str]]:
    """The numbers and the names an answer states, as written. A name is a capitalized word
    of two letters or more that is not a sentence word (`NOT_NAMES`); a sentence's first word
    counts only when the next word, with nothing but a space between, is capitalized too
    ("Gustave Eiffel built", not "Famous for ..." or "Hello! The ...") or is a verb that
    states a fact of it (`FACT_VERB`: "Yirgacheck has an elevation of 750 m." from
    Yaoundé's passage).

    >>> stated_facts("Yirgacheck has an elevation of 750 m. Famous for its hills.")
    (['750'], ['Yirgacheck'])
    """
    words = list(WORD.finditer(answer))
    names = []
    for i, match in enumerate(words):
        word = match.group()
        if len(word) < 2 or not word[0].isupper() or _fold(word) in NOT_NAMES:
            continue
        opens = answer[:match.start()].rstrip()[-1:] in ("", ".", "!", "?")
        nxt = words[i + 1] if i + 1 < len(words) else None
        follows = nxt.group() if nxt and not answer[match.end():nxt.start()].strip() else ""
        if opens and not follows[:1].isupper() and not FACT_VERB.fullmatch(follows):
            continue
        names.append(word)
    return NUMBER.findall(answer), names


def _known(passages: list[str]) -> tuple[set[str], set[str]]:
    """The numbers (by value) and words (folded; hyphenated ones whole and in parts) of
    `passages`."""
    text = " ".join(passages)
    words: set[str] = set()
    for word in WORD.findall(text):
        words.add(_fold(word))
        words.update(_fold(part) for part in word.split("-"))
    return {_number(n) for n in NUMBER.findall(text)}, words


def _holds(fact: str, known: tuple[set[str], set[str]]) -> bool:
    """A number must occur by value; a name as a word, or misspelled by a letter or two (a
    name of four letters or more, same first letter, `NAME_SIMILARITY` alike: "Sami" for
    "Swami"), since a misspelled name of the right entity states nothing new."""
    numbers, words = known
    if fact[0].isdigit():
        return _number(fact) in numbers
    if _fold(fact) in words or all(_fold(p) in words for p in fact.split("-")):
        return True
    name = _fold(fact)
    return len(name) >= 4 and any(
        w[:1] == name[:1] and difflib.SequenceMatcher(None, name, w).ratio() >= NAME_SIMILARITY
        for w in words)


def ungrounded(answer: str, passages: list[str]) -> list[str]:
    """The numbers and names of `answer` that occur in none of `passages` (empty: grounded).
    A hyphenated name counts when each part occurs."""
    known = _known(passages)
    numbers, names = stated_facts(answer)
    return list(dict.fromkeys(f for f in numbers + names if not _holds(f, known)))


def _shown(source: Source) -> str:
    return f"{source.label} {source.text}"


def ground(answer: str, cited: list[Source], shown: list[Source]) -> list[Source] | None:
    """The sources that back `answer`: the cited ones when they hold every number and name
    it states; else the cited ones plus the other shown ones that hold what was missing (the
    model used a source it did not cite); None when even all shown sources do not."""
    missing = ungrounded(answer, [_shown(s) for s in cited])
    if not missing:
        return cited
    if ungrounded(answer, [_shown(s) for s in shown]):
        return None
    return [s for s in shown if s in cited
            or any(_holds(fact, _known([_shown(s)])) for fact in missing)]


def misbound(answer: str, shown: list[Source]) -> list[str]:
    """Numbers an answer's sentence states of the articles it names that only another shown
    passage holds: "Lake Baikal has an average depth of 1,607 m." when 1,607 m is the
    elevation of Issyk-Kul, shown beside it. A sentence naming no shown article (by title or
    its last word, gba.text.titles_named) is left to `ground`.

    >>> baikal = Source(label="Lake Baikal", text="Lake Baikal is the deepest lake.")
    >>> issyk = Source(label="Issyk-Kul", text="It lies at 1,607 metres.")
    >>> misbound("Lake Baikal has an average depth of 1,607 m.", [baikal, issyk])
    ['1,607']
    >>> misbound("Issyk-Kul lies at 1607 m; Lake Baikal is deeper.", [baikal, issyk])
    []
    """
    labels = [s.label for s in shown]
    out: list[str] = []
    for sentence in SENTENCE.split(answer):
        named = titles_named(sentence, labels)
        if named:
            numbers = _known([_shown(s) for s in shown if s.label in named])[0]
            out += [n for n in NUMBER.findall(sentence) if _number(n) not in numbers]
    return list(dict.fromkeys(out))


def cite(answer: str, refs: list[str]) -> str:
    """An observation of a search tool: the answer, then the refs it rests on.

    >>> cite("Rome has 2.8 million people.", ["Rome", "Italy"])
    'Rome has 2.8 million people. (Sources: Rome; Italy)'
    """
    return f"{answer} (Sources: {SOURCES_SEPARATOR.join(refs)})"


def split_cited(observation: str) -> tuple[str, list[str]]:
    """`cite` read back: (answer, refs); refs are empty for text that cites nothing.

    >>> split_cited("Rome has 2.8 million people. (Sources: Rome; Italy)")
    ('Rome has 2.8 million people.', ['Rome', 'Italy'])
    """
    head, sep, tail = observation.rpartition(" (Sources: ")
    if not sep or not tail.endswith(")"):
        return observation, []
    return head, [r.strip() for r in tail[:-1].split(SOURCES_SEPARATOR.strip()) if r.strip()]


def answer_from_sources(
    client: LLMClient,
    task: str,
    sources: list[Source],
    budget_chars: int,
    *,
    usage: Usage,
    data: dict,
) -> ToolResult:
    """The answer step of every search tool: the LLM's short answer from `sources`, then
    "(Sources: ...)" with the refs it cited joined by `SOURCES_SEPARATOR` (titles and URLs
    alike: a semicolon, since both may hold commas).

    When the LLM cannot write a valid answer, the observation is the top passages
    themselves and `data["answer_error"]` says why. An answer stating a number or name that
    no passage shown holds, or a figure with a unit of another kind than the passages write
    after it (`data["other_kind"]`: "a depth of 11,350 m" from "an area of 11,350 km2"),
    becomes `SOURCES_DO_NOT_SAY` (`data["ungrounded"]` keeps what was written and what its
    citations missed); one whose facts are in shown passages it did not cite also cites
    those (`ground`). A birth stated alone where the task asks for a whole life is given as
    the life range its passage states (`whole_life`; `data["life_completed"]` keeps the
    answer as written). `usage` and `data` are what the tool spent and recorded before this
    step.
    """
    try:
        answer, cited, answer_usage = write_answer(client, task, sources, budget_chars)
    except InvalidOutputError as exc:
        text = " ".join(f"{s.label}: {clip(s.text, FALLBACK_CHARS)}"
                        for s in sources[:FALLBACK_SOURCES])
        refs = list(dict.fromkeys(s.ref for s in sources))
        return ToolResult(text=text, sources=refs, usage=usage,
                          data={**data, "answer_error": str(exc)})
    shown = fit_sources(sources, budget_chars, task)
    if (fixed := with_passage_units(answer, [_shown(s) for s in shown])) != answer:
        data, answer = {**data, "units_fixed": answer}, fixed
    if (whole := whole_life(answer, task, shown)) != answer:  # "(1627–1691)": both years
        data, answer = {**data, "life_completed": answer}, whole
    backing = ground(answer, cited, shown)
    if backing is None:
        missing = ungrounded(answer, [_shown(s) for s in cited])
        data = {**data, "ungrounded": {"answer": answer, "missing": missing}}
        answer = SOURCES_DO_NOT_SAY
    elif wrong_kind := other_kinds(answer, [_shown(s) for s in shown]):
        data = {**data, "other_kind": {"answer": answer, "numbers": wrong_kind}}
        answer = SOURCES_DO_NOT_SAY
    elif wrong_owner := misbound(answer, shown):
        data = {**data, "misbound": {"answer": answer, "numbers": wrong_owner}}
        answer = SOURCES_DO_NOT_SAY
    elif not_lives := unstated_life_years(answer, shown):
        data = {**data, "life_years": {"answer": answer, "years": not_lives}}
        answer = SOURCES_DO_NOT_SAY
    else:
        cited = backing
    refs = list(dict.fromkeys(s.ref for s in cited))
    return ToolResult(text=cite(answer, refs), sources=refs, usage=usage + answer_usage,
                      data={**data, "answer": answer})
