"""Requests written by an LLM teacher: topic categories, 1 to 6 steps, structured output,
near-duplicates removed, and a train/test overlap check.

Each call asks the teacher for a few requests on one topic needing about `steps` steps; the
answer is a `RequestBatch` (schema-guided, so any backend returns valid JSON). Requests are
appended to a JSONL file as they come (`TeacherRequest` records), so an interrupted
generation resumes where it stopped. Near-duplicates are found by word uni- and bigram
Jaccard similarity (`similarity`), with an inverted index so thousands of requests stay cheap.

Leaves out embedding-based similarity (paraphrases with different words pass the check).

>>> from gba.client.fake import FakeClient
>>> fake = FakeClient([{"requests": [{"text": "What is 15% of 80?", "steps": 2},
...                                  {"text": "what is 15 % of 80", "steps": 2},
...                                  {"text": "Convert 5 miles to km.", "steps": 2}]}])
>>> reqs = generate_requests(fake, 2, per_call=3, topics=["arithmetic"], progress=False)
>>> [r.text for r in reqs]
['What is 15% of 80?', 'Convert 5 miles to km.']
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, create_model

from gba.client.base import LLMClient, Message, Usage
from gba.errors import GBAError, InvalidOutputError
from gba.trajectory import Request, append_jsonl, iter_jsonl

PROMPTS = Path(__file__).with_name("prompts")
STEP_HINTS = {
    1: "the assistant can answer directly, without any tool",
    2: "one tool call, then the answer",
    3: "two tool calls (for example a lookup and a calculation), then the answer",
    4: "three tool calls, then the answer",
    5: "four tool calls (for example two lookups, a question to the user and a calculation)",
    6: "five tool calls, then the answer",
}
WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")


def prompt_text(name: str) -> str:
    """A prompt template kept as data next to this module (gba/simulation/prompts/)."""
    return (PROMPTS / name).read_text(encoding="utf-8")


@cache
def topic_catalog() -> dict[str, dict]:
    """Topic categories: name -> {"hint": ..., "tools": [...]} (prompts/topics.json)."""
    return json.loads(prompt_text("topics.json"))


@cache
def tool_styles() -> dict[str, dict[str, str]]:
    """Per tool: description, observation style, example, no-answer text (prompts/tools.json)."""
    return json.loads(prompt_text("tools.json"))


class GeneratedRequest(BaseModel):
    """One request as the teacher writes it."""

    text: str = Field(min_length=8, max_length=300, description="the request, as the user "
                      "would write it")
    steps: int = Field(ge=1, le=6, description="steps the assistant needs, final answer included")


@cache
def batch_model(count: int) -> type[BaseModel]:
    """The teacher's answer schema: exactly `count` requests (grammar-enforced)."""
    return create_model("RequestBatch", requests=(
        list[GeneratedRequest], Field(min_length=count, max_length=count)))


class TeacherRequest(BaseModel):
    """A generated request as stored (requests.jsonl). Validates as a `Request` too."""

    id: str
    text: str
    topic: str
    steps: int = Field(ge=1, le=6)
    split: Literal["train", "test"] = "train"
    source: str = "teacher"

    def to_request(self) -> Request:
        return Request(id=self.id, text=self.text, source=f"teacher/{self.topic}")


def word_text(text: str) -> str:
    """Lowercase words and numbers only: 'What is 15% of 80?' -> 'what is 15 of 80'."""
    return " ".join(WORD.findall(text.lower()))


def request_id(text: str) -> str:
    """A stable id from the normalized text, so reruns and resumes agree."""
    return "t-" + hashlib.sha1(word_text(text).encode()).hexdigest()[:12]


def shingles(text: str) -> frozenset[str]:
    words = word_text(text).split()
    return frozenset(words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)])


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of word uni- and bigrams (1.0 = same words in the same order).

    >>> similarity("What is 15% of 80?", "what is 15 % of 80")
    1.0
    >>> round(similarity("What is 17 times 23?", "What is 18 times 23?"), 2)
    0.5
    """
    x, y = shingles(a), shingles(b)
    return len(x & y) / len(x | y) if x | y else 1.0


class NearDuplicates:
    """An index of texts; `match(text)` returns the most similar indexed text at or above
    `threshold` (or None). Candidates are texts sharing at least one word."""

    def __init__(self, threshold: float = 0.85, texts: Iterable[str] = ()):
        self.threshold = threshold
        self.texts: list[str] = []
        self.keys: list[frozenset[str]] = []
        self.postings: dict[str, list[int]] = {}
        for text in texts:
            self.add(text)

    def add(self, text: str) -> None:
        index, key = len(self.texts), shingles(text)
        self.texts.append(text)
        self.keys.append(key)
        for gram in key:
            if " " not in gram:
                self.postings.setdefault(gram, []).append(index)

    def match(self, text: str) -> tuple[str, float] | None:
        key = shingles(text)
        candidates = {i for gram in key if " " not in gram for i in self.postings.get(gram, ())}
        best: tuple[str, float] | None = None
        for i in candidates:
            union = len(key | self.keys[i])
            score = len(key & self.keys[i]) / union if union else 1.0
            if score >= self.threshold and (best is None or score > best[1]):
                best = (self.texts[i], score)
        return best


def deduplicate(texts: Sequence[str], threshold: float = 0.85) -> list[int]:
    """Indices of the texts to keep: the first of every group of near-duplicates.

    >>> deduplicate(["Add 2 and 3.", "add 2 and 3", "Multiply 4 by 5."])
    [0, 2]
    """
    index, keep = NearDuplicates(threshold), []
    for i, text in enumerate(texts):
        if index.match(text) is None:
            keep.append(i)
            index.add(text)
    return keep


class Overlap(BaseModel):
    """A test text too close to a training text."""

    test: str
    train: str
    similarity: float


def find_overlap(train: Iterable[str], test: Iterable[str], threshold: float = 0.7
                 ) -> list[Overlap]:
    """Every test text whose most similar training text reaches `threshold`.

    >>> [o.test for o in find_overlap(["What is 2 plus 2?"], ["what is 2 plus 2", "Hi there"])]
    ['what is 2 plus 2']
    """
    index = NearDuplicates(threshold, train)
    found = []
    for text in test:
        hit = index.match(text)
        if hit is not None:
            found.append(Overlap(test=text, train=hit[0], similarity=round(hit[1], 3)))
    return found


def split_of(text: str, test_fraction: float) -> Literal["train", "test"]:
    """Deterministic split by a hash of the normalized text (same text, same split)."""
    bucket = int(hashlib.sha1(word_text(text).encode()).hexdigest()[:8], 16) % 10_000
    return "test" if bucket < test_fraction * 10_000 else "train"


def load_requests(path: str | Path) -> list[TeacherRequest]:
    return list(iter_jsonl(path, TeacherRequest))  # type: ignore[arg-type]


class GenerationReport(BaseModel):
    """What one `generate_requests` call did."""

    calls: int = 0
    failed_calls: int = 0
    proposed: int = 0
    duplicates: int = 0
    excluded: int = 0
    usage: Usage = Usage()
    errors: list[str] = Field(default_factory=list)


def generation_messages(topic: str, steps: int, count: int, tools: Sequence[str]) -> list[Message]:
    """The request generator's prompt for one call."""
    styles = tool_styles()
    tool_lines = "\n".join(f"- {t}: {styles[t]['description']}" for t in tools if t in styles)
    tool_lines += "\n- final_answer: writes the answer to the user from what was found."
    hint = topic_catalog().get(topic, {}).get("hint", topic)
    return [Message(role="system", content=prompt_text("requests.system.txt").format(
                tools=tool_lines)),
            Message(role="user", content=prompt_text("requests.user.txt").format(
                topic=topic, topic_hint=hint, count=count, steps=steps,
                step_hint=STEP_HINTS[steps]))]


def generate_requests(
    client: LLMClient, n: int, *, out: str | Path | None = None, per_call: int = 5,
    topics: Sequence[str] | None = None, tools: Sequence[str] | None = None,
    test_fraction: float = 0.0, exclude: Iterable[str] = (), dedup_threshold: float = 0.85,
    overlap_threshold: float = 0.7, seed: int = 0, temperature: float = 0.9,
    max_tokens: int = 900, max_failures: int = 10, progress: bool = True,
    report: GenerationReport | None = None,
) -> list[TeacherRequest]:
    """`n` distinct requests from the teacher (fewer only if the teacher keeps repeating
    itself or failing). With `out`, requests already there count and new ones are appended.

    `tools`: the tools the simulation offers (default: each topic's own list).
    `exclude`: texts of evaluation sets; generated requests within `overlap_threshold` of
    them are dropped. `test_fraction`: share marked split "test" (by a hash of the text).
    A call whose output fails validation is counted in `report` and retried with another
    topic; `max_failures` such calls in a row raise a GBAError naming the last error. Other
    client errors (unreachable server, refused key) propagate at once.
    """
    from tqdm import tqdm

    names = list(topics or topic_catalog())
    report = report if report is not None else GenerationReport()
    have = load_requests(out) if out is not None and Path(out).exists() else []
    index = NearDuplicates(dedup_threshold, [r.text for r in have])
    banned = NearDuplicates(overlap_threshold, exclude)
    rng = random.Random(f"gba-teacher-requests-{seed}-{len(have)}")
    bar = tqdm(total=n, initial=min(len(have), n), desc="requests", unit="req",
               disable=not progress)
    failures, call = 0, 0
    while len(have) < n:
        topic, steps = names[call % len(names)], rng.randint(1, 6)
        call += 1
        wanted = topic_catalog().get(topic, {}).get("tools") or list(tool_styles())
        use = [t for t in wanted if tools is None or t in tools] or list(tools or wanted)
        report.calls += 1
        try:
            completion = client.complete(generation_messages(topic, steps, per_call, use),
                                         batch_model(per_call), max_tokens=max_tokens,
                                         temperature=temperature, seed=seed + report.calls)
        except InvalidOutputError as exc:  # malformed output: try again with another topic
            report.failed_calls += 1
            report.errors.append(f"{type(exc).__name__}: {exc}"[:500])
            failures += 1
            if failures >= max_failures:
                bar.close()
                raise GBAError(f"request generation failed {failures} times in a row; "
                               f"last error: {report.errors[-1]}") from exc
            continue
        failures = 0
        report.usage = report.usage + completion.usage
        for item in completion.parsed.requests:
            report.proposed += 1
            text = " ".join(item.text.split())
            if index.match(text) is not None:
                report.duplicates += 1
                continue
            if banned.match(text) is not None:
                report.excluded += 1
                continue
            record = TeacherRequest(id=request_id(text), text=text, topic=topic,
                                    steps=item.steps, split=split_of(text, test_fraction))
            index.add(text)
            have.append(record)
            if out is not None:
                append_jsonl(out, record)
            bar.update(1)
            if len(have) >= n:
                break
    bar.close()
    return have[:n]
