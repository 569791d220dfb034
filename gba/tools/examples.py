"""Solved calculations shown to the calculation role: the ones nearest to its task.

A tiny model copies the structure of an example it has just seen far better than it composes
one from the words alone ("18 km in 45 minutes" -> `18 / (45 / 60)` once a solved task with
minutes has been shown). The bank is a JSON-lines file of solved tasks, `{"task": ...,
"code": ...}`, taken from the simulation's *training* split (`gba simulate examples`, which
writes the committed `data/examples/calculations.jsonl`), so nothing held out for testing
reaches a prompt. Each task is embedded once with the search index's embedder; the vectors
are cached under GBA_HOME keyed by a checksum of the pairs. `nearest(task, k)` returns the k
most similar solved tasks, the nearest last (closest to the task being solved).

On by default (`AgentConfig.solved_examples`) since v18, the first default adapter trained
on such prompts (README "wave21": 124 of 142 development requests against v13's 117); the
adapters before it, trained on the two fixed examples, only tied them (README "wave14").

Numbers in an example cannot leak into an answer: the calculation is decoded under the
pattern of the request's own numbers (gba.tools.calculate.literal_pattern).

Leaves out which examples the training prompts show (gba.tools.calculate) and how the bank
is drawn from the simulation (gba.simulation.examples).

>>> bank = ExampleBank([("Add 2 and 3.", "result = 2 + 3"), ("Halve 10.", "result = 10 / 2")],
...                    embed=bag_of_words)
>>> bank.nearest("Halve 64.", 1)
[('Halve 10.', 'result = 10 / 2')]
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np

from gba.errors import GBAError
from gba.numbers import numbers_in, with_digits
from gba.paths import cache_dir

BANK_PATH = Path(__file__).resolve().parents[2] / "data" / "examples" / "calculations.jsonl"
SHOWN = 2  # solved tasks in each calculation prompt

Embed = Callable[[list[str]], np.ndarray]


POOL = 20  # the most similar solved tasks, re-ranked by how many numbers they give
COUNT_PENALTY = 0.05  # similarity given up per number given more or fewer than by the task


class ExampleBank:
    """Solved (task, code) pairs with unit vectors of their tasks."""

    def __init__(self, pairs: list[tuple[str, str]], embed: Embed,
                 vectors: np.ndarray | None = None, count_penalty: float = COUNT_PENALTY):
        if not pairs:
            raise GBAError("the example bank is empty")
        self.pairs = pairs
        self.embed = embed
        self.vectors = vectors if vectors is not None else embed([t for t, _ in pairs])
        self.count_penalty = count_penalty
        self._counts: dict[int, int] = {}

    def _count(self, i: int) -> int:
        if i not in self._counts:
            self._counts[i] = given_count(self.pairs[i][0])
        return self._counts[i]

    def nearest(self, task: str, k: int = SHOWN) -> list[tuple[str, str]]:
        """The `k` solved tasks most similar to `task`, the nearest last; never `task`
        itself (a request that happens to be in the bank gets other examples). Among the
        POOL most similar, one that gives as many numbers as the task ranks higher: a task
        with four scores to average is better shown one with four than one with five, and a
        story with two numbers does not show the structure of one with four."""
        scores = self.vectors @ self.embed([task])[0]
        pool = [i for i in np.argsort(-scores)[:POOL + 1] if self.pairs[i][0] != task]
        want = given_count(task)
        order = sorted(pool, key=lambda i: -(scores[i] - self.count_penalty
                                             * abs(self._count(i) - want)))[:k]
        return [self.pairs[i] for i in reversed(order)]


def given_count(task: str) -> int:
    """How many numbers a task gives, number words included.

    >>> given_count("Sara has 3 boxes of 48 crayons and gives twenty to each of 4 cousins.")
    4
    """
    return len(numbers_in(with_digits(task)))


def read_pairs(path: Path) -> list[tuple[str, str]]:
    """The bank file's (task, code) pairs; a missing or damaged file is a clear error."""
    if not path.is_file():
        raise GBAError(f"no example bank at {path}: it ships with the repository "
                       "(data/examples/); `gba simulate examples` writes it again")
    pairs = []
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            pairs.append((str(row["task"]), str(row["code"])))
        except (ValueError, KeyError, TypeError) as exc:
            raise GBAError(f"{path}, line {number}: not a solved task ({exc}); regenerate it "
                           "with `gba simulate examples`") from exc
    return pairs


def load_bank(path: Path | None = None, embedder=None) -> ExampleBank:
    """The bank at `path` (default: the committed one) with its vectors, embedded once by
    `embedder` (default: the search index's, gba.retrieval.embedder) and cached on disk."""
    path = Path(path) if path else BANK_PATH
    pairs = read_pairs(path)
    if embedder is None:
        from gba.retrieval.embedder import load_embedder

        embedder = load_embedder()
    cached = vectors_path(pairs, embedder.name)
    vectors = None
    if cached.is_file():
        vectors = np.load(cached)
        if vectors.shape[0] != len(pairs):
            vectors = None
    if vectors is None:
        vectors = embed_all(embedder, [t for t, _ in pairs])
        partial = cached.with_suffix(".part.npy")
        np.save(partial, vectors)
        partial.replace(cached)  # whole or absent, even after a kill
    return ExampleBank(pairs, lambda texts: embedder.encode(texts), vectors)


def vectors_path(pairs: list[tuple[str, str]], embedder_name: str) -> Path:
    """Where the vectors of `pairs` by `embedder_name` are cached (keyed by the pairs, not
    the file)."""
    digest = hashlib.sha1(json.dumps(pairs).encode()).hexdigest()[:12]
    return cache_dir("examples", create=True) / f"{digest}-{embedder_name}.npy"


def embed_all(embedder, texts: list[str], batch: int = 64) -> np.ndarray:
    """Unit vectors of `texts`, with a progress bar (a few seconds per thousand)."""
    from tqdm import tqdm

    parts = [embedder.encode(texts[i:i + batch])
             for i in tqdm(range(0, len(texts), batch), desc="embedding solved examples",
                           unit="batch", leave=False)]
    return np.concatenate(parts).astype(np.float32)


def bag_of_words(texts: list[str], dim: int = 256) -> np.ndarray:
    """A model-free embedding (hashed lower-case words, unit length): for tests and for
    running without the embedder."""
    out = np.zeros((len(texts), dim), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in re.findall(r"[a-z]+", text.lower()):
            out[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % dim] += 1.0
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-12)
