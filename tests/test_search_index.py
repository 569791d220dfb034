"""The quantized index: passages, quantization, building (resume, reuse), two-stage search."""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner

from gba.errors import GBAError
from gba.retrieval.builder import BuildSpec, build_index
from gba.retrieval.corpus import Article, article_passages, offline_corpus, split_passages
from gba.retrieval.index import IndexMeta, IndexWriter, Searcher, load_index
from gba.retrieval.quantize import binarize, int8_scores, to_int8

FACTS = {
    "Mars": "Mars is the fourth planet from the Sun. It is called the Red Planet because iron "
    "oxide on its surface gives it a reddish colour. It has two small moons, Phobos "
    "and Deimos.",
    "Jupiter": "Jupiter is the largest planet in the Solar System, a gas giant with a Great "
    "Red Spot storm and dozens of moons.",
    "Photosynthesis": "Photosynthesis is the process by which plants use sunlight, water and "
    "carbon dioxide to make glucose and release oxygen.",
    "Mount Everest": "Mount Everest is Earth's highest mountain above sea level, at 8,849 "
    "metres, on the border between Nepal and China.",
    "Leonardo da Vinci": "Leonardo da Vinci was an Italian Renaissance painter and inventor "
    "who painted the Mona Lisa and The Last Supper.",
    "Python (programming language)": "Python is a high-level programming language created "
    "by Guido van Rossum and first released in 1991.",
    "Honey bee": "Honey bees are insects that live in colonies, collect nectar from flowers "
    "and make honey and beeswax.",
    "Pacific Ocean": "The Pacific Ocean is the largest and deepest ocean on Earth, stretching "
    "from the Arctic to the Southern Ocean.",
    "Chess": "Chess is a board game for two players on a board of 64 squares; each player "
    "starts with sixteen pieces including a king and a queen.",
    "Penicillin": "Penicillin is an antibiotic discovered by Alexander Fleming in 1928 from "
    "the mould Penicillium.",
    "Great Wall of China": "The Great Wall of China is a series of fortifications built "
    "across northern China over many centuries.",
    "Volcano": "A volcano is a rupture in a planet's crust through which lava, ash and gases "
    "escape from a magma chamber below the surface.",
    "Coffee": "Coffee is a drink brewed from roasted coffee beans, the seeds of berries of "
    "the Coffea plant; it contains caffeine.",
    "Beethoven": "Ludwig van Beethoven was a German composer whose works include nine "
    "symphonies; he continued to compose after losing his hearing.",
    "Tokyo": "Tokyo is the capital of Japan and one of the most populous metropolitan areas "
    "in the world.",
    "Electricity": "Electricity is the set of phenomena associated with electric charge; an "
    "electric current is a flow of charge measured in amperes.",
    "Football": "Association football, or soccer, is played by two teams of eleven players "
    "who try to kick a ball into the opposing goal.",
    "DNA": "DNA is a molecule made of two strands forming a double helix that carries the "
    "genetic instructions of living organisms.",
    "Sahara": "The Sahara is the largest hot desert in the world, covering much of North Africa.",
    "Moon": "The Moon is Earth's only natural satellite; Apollo 11 landed the first humans on "
    "it in 1969. " + "Its surface is covered with craters and dark basalt plains. " * 8,
}


def tiny_articles() -> list[Article]:
    return [Article(title=t, text=x) for t, x in FACTS.items()]


@pytest.fixture(scope="module")
def tiny_index(tmp_path_factory, embedder) -> Searcher:
    path = tmp_path_factory.mktemp("tiny_index")
    build_index(
        path,
        BuildSpec(corpus="tiny", max_chars=200, store_float32=True),
        articles=tiny_articles(),
        embedder=embedder,
        batch_size=8,
        progress=False,
    )
    return load_index(path, embedder=embedder)


class CountingEmbedder:
    """Wraps an embedder and counts texts embedded."""

    def __init__(self, inner):
        self.inner, self.dim, self.texts = inner, inner.dim, 0

    def encode(self, texts, batch_size=None):
        self.texts += len(texts)
        return self.inner.encode(texts)


def test_split_passages_respects_size_and_keeps_words():
    text = "First sentence here. " * 20 + "A" * 50 + " " + "word " * 30
    passages = split_passages(text, max_chars=100)
    assert all(len(p) <= 100 for p in passages)
    assert " ".join(passages).split() == text.split()


def test_article_passages_limit():
    article = Article(title="T", text="One two. " * 100)
    assert len(article_passages(article, max_chars=50, max_passages=2)) == 2
    assert article_passages(Article(title="T", text=""), 50) == []


def test_binarize_is_sign_bits():
    vectors = np.random.default_rng(0).standard_normal((5, 64)).astype(np.float32)
    codes = binarize(vectors)
    assert codes.shape == (5, 8)
    assert np.array_equal(np.unpackbits(codes, axis=1).astype(bool), vectors > 0)


def test_int8_rescoring_tracks_float_dot_products():
    rng = np.random.default_rng(1)
    vectors = rng.standard_normal((200, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    query = vectors[0] + 0.1 * rng.standard_normal(384).astype(np.float32)
    codes, scales = to_int8(vectors)
    assert codes.dtype == np.int8 and scales.shape == (200,)
    assert np.abs(int8_scores(codes, scales, query) - vectors @ query).max() < 0.01


def test_search_finds_the_right_article(tiny_index):
    titles = [hit.title for hit in tiny_index.search("Which planet is red?", k=3)]
    assert titles[0] == "Mars"
    assert tiny_index.search("who painted the Mona Lisa", k=1)[0].title == "Leonardo da Vinci"


def test_long_article_is_split_into_passages(tiny_index):
    assert tiny_index.n > len(FACTS)
    assert tiny_index.store.get([0])[0][0] == "Mars"


def test_two_stage_search_matches_exact_search(tiny_index, embedder):
    queries = embedder.encode(["planets and moons", "music", "drinks", "oceans", "games"])
    _, exact = tiny_index.exact_search(queries, k=5)
    _, quantized = tiny_index.search_vectors(queries, k=5, candidates=tiny_index.n)
    overlap = np.mean([len(set(a) & set(b)) / 5 for a, b in zip(exact, quantized, strict=True)])
    assert overlap >= 0.9


def test_explain_shows_every_stage(tiny_index):
    trace = tiny_index.explain("highest mountain", k=2, candidates=10)
    assert len(trace.candidate_ids) == 10
    assert trace.candidate_hamming == sorted(trace.candidate_hamming)
    assert [h.score for h in trace.rescored] == sorted(
        (h.score for h in trace.rescored), reverse=True
    )
    assert trace.hits[0].title == "Mount Everest"
    assert set(trace.timings_ms) == {"embed", "candidates", "rescore", "text_rerank"}


def test_reranker_reorders_hits(tiny_index):
    class PreferChess:
        def predict(self, pairs):
            return [10.0 if "Chess" in text else 0.0 for _, text in pairs]

    searcher = Searcher(tiny_index.path, embedder=tiny_index.embedder, reranker=PreferChess())
    plain = tiny_index.search("board game with a king", k=3)
    hits = searcher.search("a game played on a board", k=2)
    assert hits[0].title == "Chess" and hits[0].rerank_score == 10.0
    assert plain[0].rerank_score is None


def test_complete_index_is_reused_without_embedding(tiny_index, embedder):
    counting = CountingEmbedder(embedder)
    meta = build_index(
        tiny_index.path,
        BuildSpec(corpus="tiny", max_chars=200, store_float32=True),
        articles=tiny_articles(),
        embedder=counting,
        progress=False,
    )
    assert meta.complete and counting.texts == 0


def test_other_settings_need_force(tiny_index, embedder):
    with pytest.raises(GBAError, match="other settings"):
        build_index(
            tiny_index.path,
            BuildSpec(corpus="tiny", max_chars=300),
            articles=tiny_articles(),
            embedder=embedder,
            progress=False,
        )


def test_interrupted_build_resumes_without_losing_or_repeating(tmp_path, embedder):
    articles = tiny_articles()

    def crashing():
        for i, article in enumerate(articles):
            if i == 12:
                raise RuntimeError("crash")
            yield article

    spec = BuildSpec(corpus="tiny", max_chars=200, store_float32=True)
    with pytest.raises(RuntimeError):
        build_index(
            tmp_path, spec, articles=crashing(), embedder=embedder, batch_size=4, progress=False
        )
    meta = IndexMeta.read(tmp_path)
    assert meta is not None and not meta.complete
    with pytest.raises(GBAError, match="interrupted"):
        load_index(tmp_path)
    # a half-written batch: vector bytes beyond what SQLite committed
    with open(tmp_path / "int8.i8", "ab") as file:
        file.write(b"\x01" * 384 * 3)
    counting = CountingEmbedder(embedder)
    meta = build_index(
        tmp_path, spec, articles=articles, embedder=counting, batch_size=4, progress=False
    )
    expected = [p for a in articles for p in article_passages(a, 200)]
    assert meta.complete and meta.n_vectors == len(expected)
    assert 0 < counting.texts < len(expected)  # only the rest was embedded
    searcher = load_index(tmp_path, embedder=embedder)
    assert searcher.store.get(range(meta.n_vectors)) == [(p.title, p.text) for p in expected]
    assert (tmp_path / "int8.i8").stat().st_size == meta.n_vectors * 384


@pytest.mark.parametrize("kind", ["flat", "ivf", "hnsw"])
def test_binary_index_kinds_find_stored_vectors(tmp_path, kind):
    rng = np.random.default_rng(2)
    vectors = rng.standard_normal((2000, 64)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    writer = IndexWriter(tmp_path, 64)
    writer.append(vectors[:1000])
    writer.append(vectors[1000:])
    meta = IndexMeta(
        dim=64,
        embedder="none",
        complete=True,
        n_vectors=2000,
        kind=writer.finalize(kind, nlist=16),
        nprobe=4,
    )
    meta.write(tmp_path)
    searcher = Searcher(tmp_path)
    _, ids = searcher.search_vectors(vectors[:50], k=1, candidates=20)
    assert meta.kind == kind
    assert (ids[:, 0] == np.arange(50)).mean() >= 0.95


def test_faiss_loads_at_the_first_search_not_with_the_index(tmp_path):
    """An agent that never searches (arithmetic) does not pay for importing faiss."""
    import subprocess
    import sys

    vectors = np.eye(64, dtype=np.float32)
    writer = IndexWriter(tmp_path, 64)
    writer.append(vectors)
    IndexMeta(dim=64, embedder="none", complete=True, n_vectors=64,
              kind=writer.finalize("flat", nlist=4), nprobe=1).write(tmp_path)
    child = (
        "import sys, numpy as np\n"
        "from gba.retrieval.index import Searcher\n"
        f"s = Searcher({str(tmp_path)!r})\n"
        "print('faiss' in sys.modules)\n"
        "_, ids = s.search_vectors(np.eye(64, dtype=np.float32)[:3], k=1, candidates=8)\n"
        "print('faiss' in sys.modules, ids[:, 0].tolist())\n")
    out = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True,
                         check=True).stdout.split("\n")
    assert out[:2] == ["False", "True [0, 1, 2]"]


def test_missing_index_says_how_to_build(tmp_path):
    with pytest.raises(GBAError, match="gba index build"):
        load_index(tmp_path / "nothing")


def test_offline_corpus_has_vital_articles():
    first = list(zip(range(3), offline_corpus(), strict=False))
    assert len(first) == 3 and all(a.title and a.text for _, a in first)
    assert next(offline_corpus(start=1)).title == first[1][1].title


def test_cli_build_is_idempotent_and_query_prints_hits(tmp_path, embedder):
    from gba.cli.index import index

    runner = CliRunner()
    args = ["build", "--out", str(tmp_path), "--limit", "12", "--batch-size", "8"]
    first = runner.invoke(index, args)
    assert first.exit_code == 0, first.output
    assert "Index ready" in first.output
    second = runner.invoke(index, args)
    assert second.exit_code == 0 and "Index ready" in second.output
    assert IndexMeta.read(tmp_path).n_vectors >= 12
    result = runner.invoke(
        index, ["query", "music", "--index", str(tmp_path), "-k", "2", "--stages"]
    )
    assert result.exit_code == 0, result.output
    assert "candidates" in result.output and "1. [" in result.output
