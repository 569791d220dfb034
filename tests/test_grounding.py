"""Grounded search answers: a number or name the answer states must occur in the passages it
cites (another shown passage that holds it gets cited too), else the answer is "The sources
do not say." Real passages from the offline corpus (the packaged Wikipedia summaries, as the
tool shows them: description, then summary); the FakeClient plays the model. Several
answers are ones the fine-tuned agent wrote in the committed evaluation runs."""

from __future__ import annotations

import json

import pytest

from gba.client.base import Usage
from gba.client.fake import FakeClient
from gba.tools.search.answer import (
    SOURCES_DO_NOT_SAY,
    Source,
    answer_from_sources,
    stated_facts,
    ungrounded,
)
from gba.tools.search.wikipedia import SearchWikipedia


@pytest.fixture(scope="module")
def articles() -> dict[str, str]:
    from gba.retrieval.corpus import offline_summaries_path

    try:
        path = offline_summaries_path()
    except Exception as exc:  # the corpus package is not installed
        pytest.skip(f"no offline corpus: {exc}")
    data = json.loads(path.read_text(encoding="utf-8"))
    return {a["title"]: f"{a['description']}. {a['extract']}" if a.get("description")
            else a["extract"] for a in data.values()}


def answer(articles, titles: list[str], written: str, cited: list[int]):
    sources = [Source(label=t, text=articles[t], ref=t) for t in titles]
    client = FakeClient([{"answer": written, "sources": cited}])
    return answer_from_sources(client, "the task", sources, 3000, usage=Usage(), data={})


def test_the_refusal_is_worded_as_the_scripted_tools_word_it():
    import random

    from gba.simulation.records import GroundTruth
    from gba.simulation.tools import ScriptedSearch
    from gba.simulation.world import World

    world = World.generate(0)
    name = world.entities["city"][0].name
    tool = ScriptedSearch(world, GroundTruth(answer="x"), random.Random(0), failure_rate=1.0)
    result = tool("r", f"Find the population of {name}.", [])
    assert result.text.startswith(SOURCES_DO_NOT_SAY) and result.data["answer"] == \
        SOURCES_DO_NOT_SAY


def test_an_invented_figure_about_the_user_becomes_the_sources_do_not_say(articles):
    # The case from the issue: a rent share "found" in the article Apartment.
    result = answer(articles, ["Apartment"], "I pay $200.00 per month for my apartment.", [1])
    assert result.text == f"{SOURCES_DO_NOT_SAY} (Sources: Apartment)"
    assert result.data["ungrounded"]["missing"] == ["200.00"]
    assert result.data["ungrounded"]["answer"].startswith("I pay $200.00")


def test_numbers_and_names_found_in_the_cited_passage_are_kept(articles):
    text = "The Eiffel Tower was built from 1887 to 1889 by the company of Gustave Eiffel."
    assert "1887" in articles["Eiffel Tower"] and "Gustave" in articles["Eiffel Tower"]
    result = answer(articles, ["Eiffel Tower"], text, [1])
    assert result.text == f"{text} (Sources: Eiffel Tower)"
    assert "ungrounded" not in result.data


def test_a_wrong_year_is_refused_even_with_the_right_names(articles):
    result = answer(articles, ["Eiffel Tower"], "Gustave Eiffel finished it in 1901.", [1])
    assert result.text.startswith(SOURCES_DO_NOT_SAY)
    assert result.data["ungrounded"]["missing"] == ["1901"]


def test_a_fact_from_a_shown_but_uncited_passage_cites_that_passage_too(articles):
    # Leonardo is in the Mona Lisa passage, Michelangelo only in the Leonardo one.
    written = "Leonardo da Vinci painted it; Michelangelo was his rival."
    result = answer(articles, ["Mona Lisa", "Leonardo da Vinci"], written, [1])
    assert result.text == f"{written} (Sources: Mona Lisa; Leonardo da Vinci)"
    assert result.sources == ["Mona Lisa", "Leonardo da Vinci"]


def test_a_name_in_no_shown_passage_is_refused(articles):
    result = answer(articles, ["Mona Lisa", "Leonardo da Vinci"], "It was painted by Raphael.",
                    [1, 2])
    assert result.text == f"{SOURCES_DO_NOT_SAY} (Sources: Mona Lisa; Leonardo da Vinci)"
    assert result.data["ungrounded"]["missing"] == ["Raphael"]


def test_the_agents_hallucinated_dates_are_refused_and_real_ones_kept(articles):
    # real-test-005 of the committed run: asked about Bach and Hardy, shown only Bach.
    written = "G. H. Hardy lived from 1877 to 1947."
    refused = answer(articles, ["Johann Sebastian Bach"], written, [1])
    assert refused.text == f"{SOURCES_DO_NOT_SAY} (Sources: Johann Sebastian Bach)"
    assert refused.data["ungrounded"]["missing"][:2] == ["1877", "1947"]
    recited = answer(articles, ["Johann Sebastian Bach", "G. H. Hardy"], written, [1])
    assert recited.text == f"{written} (Sources: Johann Sebastian Bach; G. H. Hardy)"
    # real-test-033: a sentence that opens with an ordinary word is not a name.
    written = ("Famous for his work on linguistics and semiotics, Ferdinand de Saussure lived "
               "from 1857 to 1913.")
    assert answer(articles, ["Ferdinand de Saussure"], written, [1]).text.startswith(written)


def test_only_what_the_model_was_shown_counts(articles):
    # Michelangelo ends the Leonardo summary; cut to a small budget, the model never saw it.
    sources = [Source(label="Leonardo da Vinci", text=articles["Leonardo da Vinci"],
                      ref="Leonardo da Vinci")]
    client = FakeClient([{"answer": "His rival was Michelangelo.", "sources": [1]}])
    result = answer_from_sources(client, "task", sources, 300, usage=Usage(), data={})
    assert result.text.startswith(SOURCES_DO_NOT_SAY)


def test_an_answer_that_says_the_sources_lack_it_passes():
    written = "The sources do not contain this information."
    assert ungrounded(written, ["An apartment is a housing unit."]) == []


def test_numbers_compare_by_value_as_written_and_names_ignore_case_and_accents():
    passages = ["Population 2,102,650 (2023); the Élysée Palace; 3.50 metres; Paris's mayor."]
    assert ungrounded("About 2102650 people, 3.5 m, the elysee, Paris.", passages) == []
    assert ungrounded("About 2.1 million people.", passages) == ["2.1"]  # no rounding
    numbers, names = stated_facts("In 1889 Gustave Eiffel said: It is 330 m tall.")
    assert numbers == ["1889", "330"] and names == ["Gustave", "Eiffel"]


def test_search_wikipedia_refuses_an_ungrounded_answer_end_to_end(articles):
    from gba.retrieval.index import Hit

    class ApartmentOnly(SearchWikipedia):  # an index that finds the Apartment article
        def retrieve(self, queries):
            return [Hit(id=1, title="Apartment", text=articles["Apartment"], score=0.9,
                        hamming=0)]

    client = FakeClient([{"query": "rent split flatmates"},
                         {"answer": "I pay $200.00 per month for my apartment.",
                          "sources": [1]}])
    tool = ApartmentOnly(client, descriptions={})
    result = tool("How much do I pay each month if I split my rent with my flatmates?",
                  "Find how much the user pays per month", [])
    assert result.text == f"{SOURCES_DO_NOT_SAY} (Sources: Apartment)"


def test_a_misspelled_name_of_the_right_entity_still_counts(articles):
    # real-024 of the committed run: "Sami" for "Swami", the year right.
    kept = answer(articles, ["Swami Vivekananda"], "Sami Vivekananda was born in 1863.", [1])
    assert kept.text.startswith("Sami Vivekananda was born in 1863.")
    wrong_year = answer(articles, ["Swami Vivekananda"], "Sami Vivekananda was born in 1923.",
                        [1])
    assert wrong_year.text.startswith(SOURCES_DO_NOT_SAY)
    assert ungrounded("It was painted by Rafael.", ["Leonardo painted the Mona Lisa."]) == [
        "Rafael"]


def test_a_figure_of_the_article_beside_is_not_given_to_the_named_one(articles):
    # A real run (2026-12-06): asked for Lake Baikal's depth, the answer gave Issyk-Kul's
    # elevation (1,607 m, the passage shown beside it) to Lake Baikal.
    assert "1,607" in articles["Issyk-Kul"] and "1,607" not in articles["Lake Baikal"]
    result = answer(articles, ["Lake Baikal", "Issyk-Kul"],
                    "Lake Baikal has an average depth of 1,607 m.", [1, 2])
    assert result.text.startswith(SOURCES_DO_NOT_SAY)
    assert result.data["misbound"]["numbers"] == ["1,607"]
    kept = answer(articles, ["Lake Baikal", "Issyk-Kul"],
                  "Issyk-Kul lies at an elevation of 1,607 metres.", [2])
    assert kept.text.startswith("Issyk-Kul lies at an elevation of 1,607 metres.")


def test_a_generic_last_word_of_another_title_does_not_name_it(articles):
    # An own request (2026-12-06): "How long is the river Amazon in kilometres?" -> "The
    # Amazon River is 220 km long.", 220 m being the Congo's depth in the passage beside it.
    # "River" (the Congo River's last word) stands inside "Amazon River", so the sentence
    # names the Amazon River only, and its passage has no 220.
    shown = ["Amazon River", "Congo River"]
    assert "220" in articles["Congo River"] and "220" not in articles["Amazon River"]
    result = answer(articles, shown, "The Amazon River is 220 km long.", [1, 2])
    assert result.text.startswith(SOURCES_DO_NOT_SAY)
    assert result.data["misbound"]["numbers"] == ["220"]
    kept = answer(articles, shown, "The Congo River is about 220 m deep.", [2])
    assert kept.text.startswith("The Congo River is about 220 m deep.")


def test_an_offices_years_are_not_given_as_a_life(articles):
    # An own request (2026-12-06): "How old was Abraham Lincoln when he died?" -> the search
    # answer "Abraham Lincoln lived from 1861 to 1865." (his presidency; the passage has no
    # birth year), then 4 years. Both years are in the passage, so only this check sees it.
    assert "1809" not in articles["Abraham Lincoln"]
    for written in ("Abraham Lincoln lived from 1861 to 1865.",
                    "Abraham Lincoln was born in 1861."):
        result = answer(articles, ["Abraham Lincoln"], written, [1])
        assert result.text.startswith(SOURCES_DO_NOT_SAY), written
        assert result.data["life_years"]["years"] == ["1861"]
    kept = answer(articles, ["Abraham Lincoln"], "Abraham Lincoln served from 1861 to 1865.", [1])
    assert kept.text.startswith("Abraham Lincoln served from 1861 to 1865.")


def test_every_life_range_of_the_corpus_is_kept_as_a_life(articles):
    """No false refusals: for each article whose description gives a life "(A–B)", "X lived
    from A to B." and "X was born in A." pass, and a shifted birth year does not."""
    from gba.tools.search.life_years import LIFE, unstated_life_years

    people = 0
    for title, text in articles.items():
        description = text.split(". ", 1)[0]
        if (m := LIFE.search(description)) is None:
            continue
        people += 1
        source = [Source(label=title, text=text, ref=title)]
        born, died = m.group(1), m.group(2)
        assert unstated_life_years(f"{title} lived from {born} to {died}.", source) == [], title
        assert unstated_life_years(f"{title} was born in {born}.", source) == [], title
        if len(born) == 4 and str(int(born) + 1) not in text and "." not in title:
            # (an initial such as "Charles K. Kao" splits the sentence: left to the number checks)
            later = str(int(born) + 1)
            assert unstated_life_years(f"{title} was born in {later}.", source) == [later]
    assert people > 1000


def test_each_of_two_people_keeps_the_year_of_their_own_article(articles):
    both = ["Frida Kahlo", "Diego Rivera"]
    right = answer(articles, both, "Frida Kahlo died in 1954. Diego Rivera died in 1957.", [1, 2])
    assert right.text.startswith("Frida Kahlo died in 1954.")
    swapped = answer(articles, both, "Frida Kahlo died in 1957. Diego Rivera died in 1954.",
                     [1, 2])
    assert swapped.text.startswith(SOURCES_DO_NOT_SAY)


def test_a_number_given_in_another_unit_than_its_passage_gets_the_passages_unit():
    sources = [Source(label="Some River", text="It is about 1,350 mi (2,170 km) long.",
                      ref="Some River")]
    client = FakeClient([{"answer": "Some River is 1,350 km long.", "sources": [1]}])
    out = answer_from_sources(client, "the task", sources, 3000, usage=Usage(), data={})
    assert out.text == "Some River is 1,350 mi long. (Sources: Some River)"
    assert out.data["units_fixed"] == "Some River is 1,350 km long."
    client = FakeClient([{"answer": "Some River is 2,170 km long.", "sources": [1]}])
    out = answer_from_sources(client, "the task", sources, 3000, usage=Usage(), data={})
    assert out.text.startswith("Some River is 2,170 km long.") and "units_fixed" not in out.data
