"""The `search_wikipedia` tool: task -> query (LLM) -> passages (local index) -> answer (LLM).

Leaves out the index (gba.retrieval) and the answer step it shares with search_internet
(answer.py).

>>> from gba.client.fake import FakeClient
>>> tool = SearchWikipedia(FakeClient([{"query": "Mona Lisa painter"},
...                                    {"answer": "Leonardo da Vinci.", "sources": [1]}]))
>>> tool("Who painted the Mona Lisa?", "Find who painted the Mona Lisa", []).sources  # doctest: +SKIP
['Mona Lisa']
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from gba.client.base import LLMClient, Usage
from gba.retrieval.index import DEFAULT_CANDIDATES, Hit, Searcher, load_index
from gba.text import bare_title, place_name, titles_named, unaccented
from gba.tools.base import Tool, ToolResult
from gba.tools.search.answer import Source, answer_from_sources, cite, rewrite_query, split_cited
from gba.trajectory import Step

NOTHING_FOUND = "Wikipedia has no article relevant to: {query}"


def names_title(title: str, text: str) -> bool:
    """Whether `text` names the article `title` as a name: its words in any case, accents and
    a parenthesised qualifier aside, starting with a capital letter or a digit (so 'my rent'
    does not name the article 'Rent'), or a place's short name ('the Irrawaddy' for the
    Irrawaddy River, gba.text.place_name). A named article is relevant whatever its score.

    >>> names_title("Frida Kahlo", "Find out Frida Kahlo's birth year.")
    True
    >>> names_title("Évariste Galois", "When did Evariste Galois die?")
    True
    >>> names_title("Mercury (planet)", "How far is Mercury from the Sun?")
    True
    >>> names_title("Rent", "Find my rent."), names_title("Tokyo", "Tokyoite customs")
    (False, False)
    >>> names_title("Irrawaddy River", "How long is the Irrawaddy?")
    True
    """
    for form in (bare_title(title), place_name(title)):
        name = unaccented(form or "")
        if not name:
            continue
        found = re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", unaccented(text),
                            re.IGNORECASE)
        if any(m.group()[0].isupper() or m.group()[0].isdigit() for m in found):
            return True
    return False


LINKED = 3  # articles a task may name and get shown by name, beside the search's hits


def named_articles(text: str, titles: list[str], limit: int = LINKED) -> list[str]:
    """The articles of two or more words that `text` names (`names_title`), in the order
    it names them, none whose name lies inside another's ("Darwin" in "Charles Darwin").
    One-word titles are left to the search: "Darwin" may be a city.

    >>> named_articles("Was Marie Curie older than Albert Einstein?",
    ...                ["Albert Einstein", "Marie Curie", "Pierre Curie", "Einstein"])
    ['Marie Curie', 'Albert Einstein']
    """
    plain = unaccented(text).lower()
    words = set(re.findall(r"\w+", plain))
    found = []
    for title in titles:
        name, parts = _name_words(title)
        if len(parts) >= 2 and words.issuperset(parts) and names_title(title, text):
            found.append((plain.find(name), name, title))
    found.sort()
    names = [name for _, name, _ in found]
    return [title for _, name, title in found
            if not any(name != other and name in other for other in names)][:limit]


TOOL_WORDS = frozenset(["wikipedia", "internet", "google"])  # "Search Wikipedia for ..."
# A word alone is a name of its own; beside another capitalised word, or joined to one by
# "of", "in" or "and", it is part of a longer one or of a title ("President of France",
# "Flurflouth Energy", "Egypt and Syria", "Military ruler of Japan").
ALONE_NOT = re.compile(r"[A-Z][\w'-]*(?:,?\s+(?:and|in|of(?:\s+the)?)|,)?$|[–-]$")
NAME_NEXT = re.compile(r"\s+(?:(?:and|in)\s+)?[A-Z]|\s+(?:[a-z]+\s+)?of\b|[–-]\w")


def missed_names(text: str, titles: list[str], seen: list[str]) -> list[str]:
    """One-word articles that `text` names inside a sentence (capitalised, not its first
    word, nor part of a longer name or title: ALONE_NOT, NAME_NEXT) while no article the
    search saw shares the word: "Which city sits higher,
    Yaoundé or Hyderabad?" finds Hyderabad and not Yaoundé. "When did Darwin die?" sees
    Charles Darwin, so the city of Darwin stays out.

    >>> missed_names("Look up: Which sits higher, Yaoundé or Hyderabad?",
    ...              ["Yaoundé", "Hyderabad", "Look"], ["Hyderabad", "Himalayas"])
    ['Yaoundé']
    >>> missed_names("When did Darwin die?", ["Darwin", "Charles Darwin"], ["Charles Darwin"])
    []
    >>> missed_names("Search Wikipedia for it.", ["Wikipedia"], [])
    []
    >>> missed_names("When did Thiers stop being President of France?", ["France"], [])
    []
    >>> missed_names("What is the population of Mumbai?", ["Mumbai"], ["Delhi"])
    ['Mumbai']
    """
    plain = unaccented(text)
    words = set(re.findall(r"\w+", plain.lower()))
    shared = {w for title in seen for w in _name_words(title)[1]}
    found = []
    for title in titles:
        name, parts = _name_words(title)
        if (len(parts) != 1 or name not in words or name in shared or len(name) < 4
                or name in TOOL_WORDS or "(" in title):
            continue
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", plain, re.IGNORECASE):
            before = plain[:m.start()].rstrip()
            if (m.group()[0].isupper() and before and before[-1] not in ".!?:;\"'("
                    and not ALONE_NOT.search(before) and not NAME_NEXT.match(plain, m.end())):
                found.append((m.start(), title))
                break
    return [title for _, title in sorted(found)][:LINKED]


@functools.lru_cache(maxsize=65536)
def _name_words(title: str) -> tuple[str, tuple[str, ...]]:
    name = unaccented(bare_title(title)).lower()
    return name, tuple(re.findall(r"\w+", name))


BUDGET_CHARS = 1200  # characters of passage text shown to the answer role, all sources together


class SearchWikipedia(Tool):
    """Answers a task from a local Wikipedia index, citing article titles.

    `index` is a Searcher, an index directory, or None for the offline default (loaded on
    first use). Hits scoring below `min_score` (cosine) count as not relevant; the threshold
    sits between the scores of ordinary factual tasks and of tasks no encyclopedia can answer
    on the offline index (the README gives the figures), unless the task or query names the
    article's title (`names_title`): a named person's birth year may score below it.
    """

    name = "search_wikipedia"
    description = (
        "Looks up facts in Wikipedia (people, places, things, events, science, history) and "
        "answers the task briefly, citing article titles. The task should say what to find."
    )

    def __init__(
        self,
        client: LLMClient,
        index: Searcher | Path | str | None = None,
        *,
        k: int = 3,
        candidates: int = DEFAULT_CANDIDATES,
        min_score: float = 0.45,
        budget_chars: int = BUDGET_CHARS,
        descriptions: dict[str, str] | None = None,
    ):
        self.client = client
        self._index = index
        self.k = k
        self.candidates = candidates
        self.min_score = min_score
        self.budget_chars = budget_chars
        self._descriptions = descriptions

    @property
    def descriptions(self) -> dict[str, str]:
        """Short article descriptions shown before passages (default: the offline corpus's)."""
        if self._descriptions is None:
            from gba.retrieval.corpus import offline_descriptions

            self._descriptions = offline_descriptions()
        return self._descriptions

    def passage_text(self, title: str, text: str) -> str:
        """A passage as the model reads it: the article's short description, then the text."""
        desc = self.descriptions.get(title, "")
        return f"{desc}. {text}" if desc else text

    @property
    def searcher(self) -> Searcher:
        if not isinstance(self._index, Searcher):
            self._index = load_index(self._index)
        return self._index

    def retrieve(self, queries: list[str]) -> list[Hit]:
        """The best `k` passages over all `queries` (each passage once), best first."""
        best: dict[int, Hit] = {}
        for query in dict.fromkeys(q for q in queries if q.strip()):
            for hit in self.searcher.search(query, k=self.k, candidates=self.candidates):
                if hit.id not in best or hit.score > best[hit.id].score:
                    best[hit.id] = hit
        return sorted(best.values(), key=lambda h: -h.score)[: self.k]

    def run(self, request: str, task: str, previous_steps: list[Step]) -> ToolResult:
        query, usage = rewrite_query(self.client, task, "Wikipedia")
        # The raw task is searched too: a tiny model's query may drop the key words.
        seen = self.retrieve([query, task])
        data = {"query": query, "hits": [h.model_dump(exclude={"text"}) for h in seen]}
        hits = [h for h in seen if h.score >= self.min_score
                or names_title(h.title, f"{task} {query}")]
        found = {h.id for h in hits}
        titles = self.searcher.titles()
        named = named_articles(task, titles)
        named += [t for t in missed_names(task, titles, [h.title for h in seen] + named)
                  if t not in named][:max(0, LINKED - len(named))]
        hits = self.with_named(named, hits)
        data["named"] = [h.title for h in hits if h.id not in found]  # shown by name only
        if not hits:
            return ToolResult(text=NOTHING_FOUND.format(query=query), usage=usage, data=data)
        first = answer_from_sources(self.client, task, self.sources(hits), self.budget_chars,
                                    usage=usage, data=data)
        return self.each_named(task, named, hits, first)

    def sources(self, hits: list[Hit]) -> list[Source]:
        return [Source(label=h.title, text=self.passage_text(h.title, h.text), ref=h.title)
                for h in hits]

    def each_named(self, task: str, named: list[str], hits: list[Hit],
                   first: ToolResult) -> ToolResult:
        """`first`, or, when the task names two or more shown articles and `first` states
        facts of fewer of them, one answer from each named article's passages alone, joined
        (data["each"]; the first answer stays in data["answer"]): a tiny model shown
        Hugo's and Bartók's passages for "How many years after Victor Hugo's birth was Béla
        Bartók born?" states Bartók's birth alone. Kept only if it states more of them."""
        named = [t for t in named if any(h.title == t for h in hits)]
        if len(named) < 2:
            return first
        stated = titles_named(split_cited(first.text)[0], named)
        if len(stated) == len(named):
            return first
        texts, refs, usage = [], [], first.usage
        for title in named:
            one = answer_from_sources(self.client, task,
                                      self.sources([h for h in hits if h.title == title]),
                                      self.budget_chars, usage=Usage(), data={})
            usage = usage + one.usage
            text, cited = split_cited(one.text)
            if cited and title in titles_named(text, named):
                texts.append(text)
                refs += cited
        data = {**first.data, "each": texts}
        if len(texts) <= len(stated):
            return first.model_copy(update={"usage": usage, "data": data})
        refs = list(dict.fromkeys(refs))
        return ToolResult(text=cite(" ".join(texts), refs), sources=refs, usage=usage, data=data)

    def with_named(self, named: list[str], hits: list[Hit]) -> list[Hit]:
        """`hits`, and the lead passage of each `named` article (`named_articles` of the
        task) that the search missed ("the births of Ben Jonson and Peter Kropotkin" finds
        Kropotkin alone), in the place of the weakest hit the task does not name. The
        search's order stays: an article named only as context ("his rule over the Mughal
        Empire") must not push the subject's passage down."""
        shown = {h.title for h in hits}
        missed = [hit for title in named if title not in shown
                  and (hit := self.searcher.lead(title)) is not None]
        if not missed:
            return hits
        keep = len(hits)
        while keep and len(hits[:keep]) + len(missed) > self.k and hits[keep - 1].title not in named:
            keep -= 1
        return hits[:keep] + missed
