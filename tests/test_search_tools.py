"""The search_wikipedia tool on a tiny real index, and the answer step both search tools
share, with FakeClient as the LLM."""

from __future__ import annotations

import json

import pytest

from gba.client.base import Usage
from gba.client.fake import FakeClient
from gba.errors import GBAError, InvalidOutputError
from gba.retrieval.builder import BuildSpec, build_index
from gba.retrieval.corpus import Article
from gba.retrieval.index import load_index
from gba.text import PASSAGE_MARKER, clip
from gba.tools.search.answer import (
    FALLBACK_CHARS,
    SOURCES_DO_NOT_SAY,
    SearchQuery,
    Source,
    SourcedAnswer,
    answer_from_sources,
    fit_sources,
)
from gba.tools.search.wikipedia import SearchWikipedia

ARTICLES = [
    Article(
        title="Mars",
        text="Mars is the fourth planet from the Sun, called the Red Planet "
        "for the iron oxide on its surface. It has two moons, Phobos and Deimos.",
    ),
    Article(
        title="Mount Everest",
        text="Mount Everest is the highest mountain on Earth, "
        "8,849 metres above sea level, on the border of Nepal and China.",
    ),
    Article(
        title="Penicillin",
        text="Penicillin is an antibiotic discovered by Alexander Fleming in 1928.",
    ),
    Article(
        title="Chess",
        text="Chess is a board game for two players on 64 squares. "
        + "Each player has a king, a queen, two rooks, two bishops and two knights. " * 20,
    ),
    Article(title="Tokyo", text="Tokyo is the capital city of Japan."),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory, embedder):
    path = tmp_path_factory.mktemp("wiki")
    build_index(
        path,
        BuildSpec(corpus="test", max_chars=2000),
        articles=ARTICLES,
        embedder=embedder,
        progress=False,
    )
    return load_index(path, embedder=embedder)


def answer_prompt(client: FakeClient) -> str:
    return client.calls[-1].prompt[0].content


def test_answer_step_cites_each_source_once_in_order():
    sources = [Source(label="A", text="alpha", ref="A"), Source(label="A", text="more", ref="A"),
               Source(label="B", text="beta", ref="B")]
    client = FakeClient([{"answer": " Alpha and beta. ", "sources": [3, 1, 3]}])
    result = answer_from_sources(client, "task", sources, 1200, usage=Usage(prompt_tokens=5),
                                 data={"query": "q"})
    assert result.text == "Alpha and beta. (Sources: B; A)"
    assert result.sources == ["B", "A"] and result.data == {"query": "q", "answer": "Alpha and beta."}
    assert result.usage.prompt_tokens == 5 + client.count_tokens(client.calls[0].prompt)
    assert "[3] B: beta" in answer_prompt(client) and len(client.calls) == 1


def test_answer_step_falls_back_to_the_top_passages_clipped():
    sources = [Source(label="A", text="a " * 400, ref="A"), Source(label="B", text="b", ref="B"),
               Source(label="C", text="c", ref="C"), Source(label="D", text="d", ref="C")]
    client = FakeClient([InvalidOutputError("bad", raw="{")])
    result = answer_from_sources(client, "task", sources, 1200, usage=Usage(prompt_tokens=5),
                                 data={"query": "q"})
    assert result.text == f"A: {clip('a ' * 400, FALLBACK_CHARS)} B: b"
    assert result.sources == ["A", "B", "C"]
    assert result.data == {"query": "q", "answer_error": "bad"}
    assert result.usage.prompt_tokens == 5


def test_answers_with_cited_titles_and_summed_usage(index):
    client = FakeClient(
        [SearchQuery(query="Mars moons"), SourcedAnswer(answer="Mars has two moons.", sources=[1])]
    )
    result = SearchWikipedia(client, index, k=2)(
        "How many moons?", "Find how many moons the planet Mars has", []
    )
    assert result.sources == ["Mars"]
    assert result.text.startswith("Mars has two moons.") and "Sources: Mars" in result.text
    assert [call.schema for call in client.calls] == [SearchQuery, SourcedAnswer]
    assert "Phobos" in answer_prompt(client)
    expected = sum(
        (Usage(prompt_tokens=client.count_tokens(c.prompt)) for c in client.calls), Usage()
    )
    assert result.usage.prompt_tokens == expected.prompt_tokens
    assert result.usage.completion_tokens > 0
    assert result.data["query"] == "Mars moons"


def test_invalid_source_numbers_cite_everything_shown(index):
    client = FakeClient([{"query": "highest mountain"}, {"answer": "Everest.", "sources": [9]}])
    result = SearchWikipedia(client, index, k=2, min_score=0.0)(
        "", "Which is the highest mountain?", []
    )
    assert result.sources[0] == "Mount Everest" and len(result.sources) == 2


def test_retrieved_text_is_cut_to_the_budget(index):
    client = FakeClient([{"query": "chess pieces"}, {"answer": "A king.", "sources": [1]}])
    SearchWikipedia(client, index, k=1, budget_chars=300)("", "What pieces are in chess?", [])
    prompt = answer_prompt(client)
    assert "Chess" in prompt and len(prompt) < 300 + 400


def test_says_plainly_when_nothing_is_relevant(index):
    client = FakeClient([{"query": "zxqv wplk"}])  # no answer call must follow
    result = SearchWikipedia(client, index, min_score=0.9)("", "zxqv wplk frobnicate", [])
    assert "no article relevant" in result.text and result.sources == []
    assert len(client.calls) == 1


def test_an_article_the_task_names_is_relevant_below_the_threshold(index):
    client = FakeClient([{"query": "zxqv"}, {"answer": "It is Japan's capital.", "sources": [1]}])
    result = SearchWikipedia(client, index, min_score=0.99)("", "Tell me about Tokyo.", [])
    assert result.sources == ["Tokyo"] and "capital" in result.text


def test_articles_the_task_names_come_first_even_when_the_search_misses_them(index):
    # the query finds Chess best; the task names Mount Everest, which k=1 would leave out
    query = "chess board game for two players with a king, a queen, rooks and knights"
    client = FakeClient([{"query": query}, {"answer": "Both.", "sources": [1, 2]}])
    task = "Chess pieces, two players, a board game, and was it Mount Everest?"
    result = SearchWikipedia(client, index, k=1, min_score=0.0)("", task, [])
    assert result.data["hits"][0]["title"] == "Chess"  # what the search alone would show
    assert result.data["named"] == ["Mount Everest"]
    prompt = answer_prompt(client)  # k=1: the named article takes the one place
    assert "8,849" in prompt and "bishops" not in prompt
    result = SearchWikipedia(FakeClient([{"query": query}, {"answer": "Both.", "sources": [1]}]),
                             index, k=2, min_score=0.0)("", task, [])
    assert [h["title"] for h in result.data["hits"]][:1] == ["Chess"]


def test_a_one_word_name_the_search_missed_is_shown_by_name(index):
    """"Tokyo" alone in the task: the chess query misses it, no hit shares the word, so its
    passage takes the weakest place; "Chess" is found, so it is not added twice."""
    query = "chess board game for two players with a king, a queen, rooks and knights"
    task = "Which has more chess players, Tokyo or the board game's home?"
    client = FakeClient([{"query": query}, {"answer": "Tokyo.", "sources": [1]}])
    result = SearchWikipedia(client, index, k=1, min_score=0.0)("", task, [])
    assert result.data["hits"][0]["title"] == "Chess" and result.data["named"] == ["Tokyo"]
    assert "capital city of Japan" in answer_prompt(client)
    client = FakeClient([{"query": query}, {"answer": "No.", "sources": [1]}])
    result = SearchWikipedia(client, index, k=1, min_score=0.0)(
        "", "Is chess played in the Capital of Tokyo Prefecture?", [])  # part of a title
    assert result.data["named"] == []


def test_unusable_query_falls_back_to_the_task(index):
    client = FakeClient(
        ["not json", "still not", "nope", {"answer": "Fleming discovered it.", "sources": [1]}]
    )
    task = "Who discovered penicillin?"
    result = SearchWikipedia(client, index, k=1)("", task, [])
    assert result.data["query"] == task
    assert result.sources == ["Penicillin"]


def test_failed_answer_returns_the_passages(index):
    client = FakeClient([{"query": "capital of Japan"}, InvalidOutputError("bad", raw="{")])
    result = SearchWikipedia(client, index, k=1)("", "What is the capital of Japan?", [])
    assert "Tokyo is the capital city of Japan" in result.text
    assert result.sources == ["Tokyo"] and "answer_error" in result.data


def test_missing_default_index_says_how_to_build(tmp_path, monkeypatch):
    monkeypatch.setenv("GBA_HOME", str(tmp_path))
    tool = SearchWikipedia(FakeClient([{"query": "x"}]))
    with pytest.raises(GBAError, match="gba index build"):
        tool("", "anything", [])


def test_fit_sources_shares_the_budget():
    sources = [Source(label=str(i), text="word " * 200) for i in range(4)]
    fitted = fit_sources(sources, 400)
    assert sum(len(s.text) for s in fitted) <= 400 + 4 * len(PASSAGE_MARKER)
    assert all(s.text.endswith(PASSAGE_MARKER) for s in fitted)
    assert fitted[0].text == " ".join(["word"] * 20) + PASSAGE_MARKER  # cut at a word boundary


@pytest.mark.integration
def test_real_model_answers_from_the_index(index, local_client):
    tool = SearchWikipedia(local_client, index, k=1, budget_chars=400)
    result = tool("How high is Mount Everest?", "Find the height of Mount Everest", [])
    assert result.text and "Mount Everest" in result.sources
    assert result.usage.prompt_tokens > 0 and result.usage.completion_tokens > 0


@pytest.fixture(scope="module")
def two_people(tmp_path_factory, embedder):
    path = tmp_path_factory.mktemp("two")
    people = [Article(title="Victor Hugo", text="Victor Hugo (1802-1885) was a French writer, "
                      "born in Besançon in 1802."),
              Article(title="Béla Bartók", text="Béla Bartók was a Hungarian composer, born "
                      "in 1881 in Nagyszentmiklós."),
              Article(title="Paris", text="Paris is the capital of France.")]
    build_index(path, BuildSpec(corpus="test", max_chars=2000), articles=people,
                embedder=embedder, progress=False)
    return load_index(path, embedder=embedder)


TWO = "How many years after Victor Hugo's birth was Béla Bartók born?"


def test_two_named_articles_get_an_answer_each_when_the_first_states_one(two_people):
    outputs = [{"query": "Hugo Bartók born"},
               {"answer": "Béla Bartók was born in 1881.", "sources": [1, 2]},
               {"answer": "Victor Hugo was born in 1802.", "sources": [1]},
               {"answer": "Béla Bartók was born in 1881.", "sources": [1]}]
    client = FakeClient(list(outputs))
    result = SearchWikipedia(client, two_people, min_score=0.0)("", TWO, [])
    assert result.text == ("Victor Hugo was born in 1802. Béla Bartók was born in 1881. "
                           "(Sources: Victor Hugo; Béla Bartók)")
    assert result.sources == ["Victor Hugo", "Béla Bartók"]
    assert result.data["answer"] == "Béla Bartók was born in 1881."  # the first answer
    hugo_prompt = client.calls[2].prompt[-1].content
    assert "1802" in hugo_prompt and "Nagyszentmiklós" not in hugo_prompt  # its passage alone
    assert result.usage.completion_tokens == sum(  # every call counted
        max(1, len(json.dumps(o)) // 4) for o in outputs)


def test_the_first_answer_stands_when_it_states_both_or_the_others_say_less(two_people):
    both = "Victor Hugo was born in 1802. Béla Bartók was born in 1881."
    client = FakeClient([{"query": "q"}, {"answer": both, "sources": [1, 2]}])
    result = SearchWikipedia(client, two_people, min_score=0.0)("", TWO, [])
    assert result.text.startswith(both) and len(client.calls) == 2  # no further calls
    client = FakeClient([{"query": "q"}, {"answer": "Béla Bartók was born in 1881.", "sources": [2]},
                         {"answer": "The sources do not say.", "sources": []},
                         {"answer": "Béla Bartók was born in 1881.", "sources": [1]}])
    result = SearchWikipedia(client, two_people, min_score=0.0)("", TWO, [])
    assert result.text.startswith("Béla Bartók was born in 1881. (Source")
    assert result.data["each"] == ["Béla Bartók was born in 1881."]


MARMARA = ("Sea between the Mediterranean and Black seas. The Sea of Marmara is a small inland "
           "sea entirely within the borders of Turkey. It links the Black Sea and the Aegean Sea "
           "via the Bosporus and Dardanelles straits. It has an area of 11,350 km2 (4,380 sq mi). "
           "Its greatest depth is 1,370 m (4,490 ft).")


def test_fit_sources_brings_forward_the_sentence_the_task_asks_about():
    deep = fit_sources([Source(label="Sea of Marmara", text=MARMARA)], 200,
                       "How deep is the Sea of Marmara?")[0].text
    assert deep.startswith("Sea between the Mediterranean and Black seas. Its greatest depth "
                           "is 1,370 m (4,490 ft). The Sea of Marmara")
    assert len(deep) <= 200 + len(PASSAGE_MARKER)
    plain = fit_sources([Source(label="Sea of Marmara", text=MARMARA)], 200)[0].text
    assert "1,370" not in plain  # without a task: the start, as before
    # a sentence inside the plain cut stays where it is: nothing changes
    links = fit_sources([Source(label="Sea of Marmara", text=MARMARA)], 200,
                        "Which seas does the Sea of Marmara link?")[0].text
    assert links == plain


def test_a_search_answer_with_a_figure_of_another_kind_is_refused():
    client = FakeClient([{"answer": "The Sea of Marmara has a depth of 11,350 m.",
                          "sources": [1]}])
    out = answer_from_sources(client, "How deep is the Sea of Marmara?",
                              [Source(label="Sea of Marmara", text=MARMARA[:180] + " It has an "
                                      "area of 11,350 km2.", ref="Sea of Marmara")],
                              1200, usage=Usage(), data={})
    assert out.text.startswith(SOURCES_DO_NOT_SAY)
    assert out.data["other_kind"]["numbers"] == ["11,350 m"]


def test_a_birth_alone_is_given_as_the_whole_life_its_passage_states():
    boyle = Source(label="Robert Boyle", text="Anglo-Irish scientist (1627–1691). Robert Boyle "
                   "was a natural philosopher and chemist.", ref="Robert Boyle")
    client = FakeClient([{"answer": "Robert Boyle was born in 1627.", "sources": [1]}])
    out = answer_from_sources(client, "Look up Robert Boyle's birth and death years.", [boyle],
                              1200, usage=Usage(), data={})
    assert out.text.startswith("Robert Boyle lived from 1627 to 1691.")
    assert out.data["life_completed"] == "Robert Boyle was born in 1627."
    client = FakeClient([{"answer": "Robert Boyle was born in 1627.", "sources": [1]}])
    out = answer_from_sources(client, "When was Robert Boyle born?", [boyle], 1200,
                              usage=Usage(), data={})
    assert out.text.startswith("Robert Boyle was born in 1627.")
