from __future__ import annotations

import pytest

from gba.client import FakeClient, Usage
from gba.tools.ask_user import AskUser, ScriptedAnswers
from gba.tools.final_answer import FinalAnswer
from gba.tools.summarize import Summarizer
from gba.trajectory import PlanRecord, Step


def test_scripted_answers_list_dict_and_default():
    assert AskUser(ScriptedAnswers(["a", "b"]))("r", "q1", []).text == "a"
    by_key = ScriptedAnswers({"city": "Oslo", "budget": "100"}, default="no idea")
    assert by_key("Which CITY?") == "Oslo" and by_key("What budget?") == "100"
    assert by_key("Favourite colour?") == "no idea"
    with pytest.raises(RuntimeError, match="no scripted answer"):
        ScriptedAnswers([])("q")


def test_empty_user_answer_is_stated():
    assert AskUser(lambda q: "  ")("r", "q", []).text == "(the user gave no answer)"


def test_final_answer_uses_steps_and_sources():
    fake = FakeClient([{"answer": "  Oslo has 709,000 people. "}])
    step = Step(index=0, plan=PlanRecord(task="population of Oslo", selected_tool="s"),
                tool="s", observation="709,000", sources=["Oslo"])
    out = FinalAnswer(fake)("How big is Oslo?", "Answer it", [step])
    assert out.is_final and out.text == "Oslo has 709,000 people."
    assert out.sources == ["Oslo"]
    prompt = fake.calls[0].prompt[0].content
    assert "709,000" in prompt and "How big is Oslo?" in prompt


def test_summarizer_passes_short_text_and_condenses_long():
    fake = FakeClient([{"summary": "short"}])
    s = Summarizer(fake, max_chars=50)
    assert s.summarize("tiny", "x") == ("tiny", Usage())
    assert not fake.calls
    text, usage = s.summarize("word " * 100, "focus on words")
    assert text == "short" and usage.completion_tokens > 0
    assert "focus on words" in fake.calls[0].prompt[0].content


# ---- final_answer states no number that no step found ---------------------------------------

def _found(index: int, observation: str, error: str | None = None):
    from gba.trajectory import PlanRecord, Step

    return Step(index=index, plan=PlanRecord(task="t", selected_tool="x"), tool="x",
                observation=observation, error=error)


def _searched(title: str, observation: str, index: int = 0):
    """A search step that found `title`'s article and said `observation`."""
    return Step(index=index, plan=PlanRecord(task="t", selected_tool="search_wikipedia"),
                tool="search_wikipedia", sources=[title], observation=observation)


def _searched_both(first: str, second: str, said: str):
    """A search step that found both articles and said `said` about them."""
    return Step(index=0, plan=PlanRecord(task="t", selected_tool="search_wikipedia"),
                tool="search_wikipedia", sources=[first, second],
                observation=f"{said} (Sources: {first}; {second})")


def test_final_answer_with_a_made_up_number_says_it_was_not_found():
    from gba.client.fake import FakeClient
    from gba.tools.final_answer import UNSUPPORTED, FinalAnswer

    steps = [_found(0, "calculate_number could not compute this: the code uses 12.5", "x")]
    out = FinalAnswer(FakeClient([{"answer": "You would pay $120.50."}] * 3))(
        "There's a jacket for $120 with 35% off. How much would I pay?", "Answer.", steps)
    assert out.text == UNSUPPORTED and out.is_final
    assert out.data == {"answer": "You would pay $120.50.", "unsupported": ["120.50"]}


def test_a_refused_final_answer_is_sampled_again_and_a_clean_one_given():
    from gba.client.fake import FakeClient
    from gba.tools.final_answer import RESAMPLE_TEMPERATURE, FinalAnswer
    from gba.trajectory import PlanRecord, Step

    steps = [Step(index=0, plan=PlanRecord(task="t", selected_tool="calculate_number"),
                  tool="calculate_number", observation="result = 10 (code: result = 1812 - 1802)")]
    fake = FakeClient([{"answer": "Hugo was born 12 years earlier."},
                       {"answer": "Hugo was born 11 years earlier."},
                       {"answer": "Victor Hugo was born 10 years before Charles Dickens."}])
    out = FinalAnswer(fake)("How many years apart were Hugo and Dickens born?", "Answer.", steps)
    assert out.text == "Victor Hugo was born 10 years before Charles Dickens."
    assert out.data["resampled"] == 2 and out.data["answer"] == out.text
    assert out.data["refused"] == {"answer": "Hugo was born 12 years earlier.",
                                   "unsupported": ["12"]}
    assert [c.temperature for c in fake.calls] == [0.0, RESAMPLE_TEMPERATURE, RESAMPLE_TEMPERATURE]
    assert out.usage.completion_tokens == sum(max(1, len(c) // 4) for c in [
        '{"answer": "Hugo was born 12 years earlier."}',
        '{"answer": "Hugo was born 11 years earlier."}',
        '{"answer": "Victor Hugo was born 10 years before Charles Dickens."}'])


def test_a_reply_with_no_number_for_an_amount_asked_is_sampled_again():
    from gba.client.fake import FakeClient
    from gba.tools.final_answer import FinalAnswer
    from gba.trajectory import PlanRecord, Step

    steps = [Step(index=0, plan=PlanRecord(task="t", selected_tool="calculate_number"),
                  tool="calculate_number", observation="result = 58 (code: result = 1834 - 1776)")]
    fake = FakeClient([{"answer": "Mendeleev came after Avogadro."},
                       {"answer": "Mendeleev was born 58 years after Avogadro."}])
    out = FinalAnswer(fake)("Mendeleev came along how long after Avogadro?", "Answer.", steps)
    assert out.text == "Mendeleev was born 58 years after Avogadro."
    assert out.data["refused"] == {"answer": "Mendeleev came after Avogadro.", "numberless": []}
    # a comparison asks for a name: no number needed
    out = FinalAnswer(FakeClient([{"answer": "Avogadro was born first."}]))(
        "Who was born first, Mendeleev or Avogadro?", "Answer.", steps)
    assert out.text == "Avogadro was born first."


def test_a_small_amount_of_money_is_not_a_free_count():
    from gba.client.fake import FakeClient
    from gba.tools.final_answer import UNSUPPORTED, FinalAnswer

    out = FinalAnswer(FakeClient([{"answer": "Coffee costs $3.00."}] * 3))(
        "How much do I spend on coffee in a 30-day month?", "Answer.", [])
    assert out.text == UNSUPPORTED


def test_a_small_measurement_is_not_a_free_count():
    from gba.client.fake import FakeClient
    from gba.tools.final_answer import UNSUPPORTED, FinalAnswer

    steps = [_found(0, "I'm not sure what you mean.")]
    out = FinalAnswer(FakeClient([{"answer": "You are about 3 feet tall."}] * 3))(
        "How tall am I in feet?", "Answer.", steps)
    assert out.text == UNSUPPORTED
    kept = FinalAnswer(FakeClient([{"answer": "There are 3 in all, for 2 people."}] * 3))(
        "How many are left?", "Answer.", [_found(0, "result = 3 (code: result = 5 - 2)")])
    assert kept.text.startswith("There are 3")


def test_final_answer_may_round_restate_and_use_the_users_words():
    from gba.client.fake import FakeClient
    from gba.tools.final_answer import FinalAnswer

    steps = [_found(0, "Mekong has an area of 795,000 km². (Sources: Mekong)"),
             _found(1, "result = 306951.09 (code: result = convert(795000, 'km2', 'mi2'))")]
    for reply in ["Mekong covers about 306,951 square miles (795,000 km²).",
                  "About 307,000 square miles.", "Roughly 306,951.1 sq mi, for the 2 of you."]:
        out = FinalAnswer(FakeClient([{"answer": reply}] * 3))("How many square miles does the "
                                                          "Mekong cover?", "Answer.", steps)
        assert out.text == reply
    out = FinalAnswer(FakeClient([{"answer": "You have 69 pencils; you gave away 15."}] * 3))(
        "I buy seven boxes of twelve pencils and give away fifteen. How many are left?",
        "Answer.", [_found(0, "result = 69 (code: result = 7 * 12 - 15)")])
    assert out.text.startswith("You have 69")


def test_a_year_found_is_not_a_number_of_years():
    from gba.client.fake import FakeClient
    from gba.tools.final_answer import UNSUPPORTED, FinalAnswer

    request = "How many years after Marie Curie was born did Pierre Curie die?"
    found = [_found(0, "Pierre Curie died in 1906. (Sources: Pierre Curie)")]
    out = FinalAnswer(FakeClient([{"answer": "Pierre Curie died 1906 years before Marie."}] * 3))(
        request, "Answer.", found)
    assert out.text == UNSUPPORTED and out.data["unsupported"] == ["1906"]
    found.append(_found(1, "result = 39 (code: result = 1906 - 1867)"))
    for reply in ["Pierre Curie died 39 years after Marie Curie was born, in 1906.",
                  "He died in 1906, a 39-year gap."]:
        assert FinalAnswer(FakeClient([{"answer": reply}] * 3))(request, "Answer.", found
                                                           ).text == reply


def test_a_year_given_to_the_other_person_is_refused_the_right_owner_passes():
    from gba.tools.final_answer import UNSUPPORTED

    search = Step(index=0, plan=PlanRecord(task="t", selected_tool="search_wikipedia"),
                  tool="search_wikipedia", sources=["Gottfried Wilhelm Leibniz", "Isaac Newton"],
                  observation="Gottfried Wilhelm Leibniz was born in 1646. Isaac Newton was born "
                  "in 1642. (Sources: Gottfried Wilhelm Leibniz; Isaac Newton)")
    calc = _found(1, "result = 1642 (code: result = min(1646, 1642))")
    request = "Was Isaac Newton older than Gottfried Wilhelm Leibniz?"
    wrong = FinalAnswer(FakeClient([{"answer": "Gottfried Wilhelm Leibniz was born first, in 1642."}] * 3))(
        request, "Answer.", [search, calc])
    assert wrong.text == UNSUPPORTED and wrong.data["misattributed"] == ["1642"]
    right = FinalAnswer(FakeClient([{"answer": "Yes: Newton was born first, in 1642."}] * 3))(
        request, "Answer.", [search, calc])
    assert right.text == "Yes: Newton was born first, in 1642."
    # a pronoun's sentence and a computed number are left alone
    pronoun = search.model_copy(update={"observation": "Bach was born in 1685. He died in 1750.",
                                        "sources": ["Johann Sebastian Bach"]})
    out = FinalAnswer(FakeClient([{"answer": "Johann Sebastian Bach died in 1750, aged 65."}] * 3))(
        "When did Bach die?", "Answer.", [pronoun, _found(1, "result = 65")])
    assert out.text.startswith("Johann Sebastian Bach died in 1750")


def test_a_year_given_to_a_person_no_search_found_is_refused():
    from gba.tools.final_answer import UNSUPPORTED

    # An own request (session 13): only Beethoven's article came back, and the reply gave his
    # death year to Chopin.
    request = "How many years after Beethoven's birth did Chopin die?"
    search = _searched("Ludwig van Beethoven", "Ludwig van Beethoven was born in 1770 and "
                       "died in 1827. (Source: Ludwig van Beethoven)")
    wrong = FinalAnswer(FakeClient([{"answer": "Chopin died 1827."}] * 3))(request, "Answer.", [search])
    assert wrong.text == UNSUPPORTED and wrong.data["misattributed"] == ["1827"]
    # once Chopin's article is found too, a year it states of him passes
    chopin = search.model_copy(update={
        "index": 1, "sources": ["Frédéric Chopin"],
        "observation": "Frédéric Chopin died in 1849. (Source: Frédéric Chopin)"})
    calc = _found(2, "result = 79 (code: result = 1849 - 1770)")
    right = FinalAnswer(FakeClient([{"answer": "Chopin died in 1849, 79 years after Beethoven "
                                                "was born in 1770."}] * 3))(
        request, "Answer.", [search, chopin, calc])
    assert right.text.startswith("Chopin died in 1849")
    # a name the passages hold under another title (a pen name) is not unfound
    twain = search.model_copy(update={
        "sources": ["Mark Twain"], "observation": "Mark Twain (born Samuel Langhorne Clemens) "
        "was born in 1835. (Source: Mark Twain)"})
    out = FinalAnswer(FakeClient([{"answer": "Samuel Clemens was born in 1835."}] * 3))(
        "When was Samuel Clemens born?", "Answer.", [twain])
    assert out.text == "Samuel Clemens was born in 1835."


def test_a_death_year_alone_is_not_a_life_a_found_life_is():
    from gba.tools.final_answer import UNSUPPORTED

    # An own request (2026-12-06): the search said only when Lincoln died; the final answer
    # made a life of it.
    request = "How old was Abraham Lincoln when he died?"
    died = Step(index=0, plan=PlanRecord(task="t", selected_tool="search_wikipedia"),
                tool="search_wikipedia", sources=["Abraham Lincoln"],
                observation="Abraham Lincoln died in 1865. (Sources: Abraham Lincoln)")
    out = FinalAnswer(FakeClient([{"answer": "Abraham Lincoln lived from 1865 to 1865."}] * 3))(
        request, "Answer.", [died])
    assert out.text == UNSUPPORTED and out.data["life_years"] == ["1865"]
    # another own request: a pointless calculation's code is not a life range
    calc = _found(1, "result = 0 (code: result = 1865 - 1865)")
    out = FinalAnswer(FakeClient([{"answer": "Abraham Lincoln lived from 1865 to 1865."}] * 3))(
        request, "Answer.", [died, calc])
    assert out.text == UNSUPPORTED and out.data["life_years"] == ["1865"]
    lived = died.model_copy(update={
        "observation": "Georg Wilhelm Friedrich Hegel lived from 1770 to 1831. (Sources: "
                       "Georg Wilhelm Friedrich Hegel)", "sources": ["Georg Wilhelm Friedrich Hegel"]})
    for reply in ["Hegel was born in 1770.", "Hegel lived from 1770 to 1831.",
                  "Georg Wilhelm Friedrich Hegel died in 1831."]:
        assert FinalAnswer(FakeClient([{"answer": reply}] * 3))(
            "When was Hegel born?", "Answer.", [lived]).text == reply


def test_a_birth_year_given_as_the_death_is_refused():
    from gba.tools.final_answer import UNSUPPORTED

    # An own request (session 14): `min(1820, 1910)` after the life range, then the birth year
    # given as the year she died.
    request = "Florence Nightingale breathed her last in which year?"
    search = _searched("Florence Nightingale", "Florence Nightingale lived from 1820 to 1910. "
                       "(Sources: Florence Nightingale)")
    steps = [search, _found(1, "result = 1820 (code: result = min(1820, 1910))")]
    wrong = FinalAnswer(FakeClient([{"answer": "Florence Nightingale breathed her last in "
                                                "1820."}] * 3))(request, "Answer.", steps)
    assert wrong.text == UNSUPPORTED and wrong.data["life_years"] == ["1820"]
    right = FinalAnswer(FakeClient([{"answer": "Florence Nightingale died in 1910."}] * 3))(
        request, "Answer.", steps)
    assert right.text == "Florence Nightingale died in 1910."


def test_a_gap_between_two_births_stated_backwards_is_refused():
    from gba.tools.final_answer import UNSUPPORTED

    # An own request (session 14): the right number, the direction reversed.
    request = "How many years before Mary Shelley was born did Jane Austen come into the world?"
    search = _searched_both("Jane Austen", "Mary Shelley", "Jane Austen lived from 1775 to 1817. "
                            "Mary Shelley lived from 1797 to 1851.")
    steps = [search, _found(1, "result = 22 (code: result = 1797 - 1775)")]
    wrong = FinalAnswer(FakeClient([{"answer": "Jane Austen was born 22 years after Mary "
                                                "Shelley was born."}] * 3))(request, "Answer.", steps)
    assert wrong.text == UNSUPPORTED and wrong.data["reversed"] == ["22"]
    said = "Jane Austen was born 22 years before Mary Shelley."
    right = FinalAnswer(FakeClient([{"answer": said}]))(request, "Answer.", steps)
    assert right.text == said


def test_a_gap_the_calculation_answered_whole_is_given_plainly_when_every_reply_reverses_it():
    from gba.tools.final_answer import RESULT_ANSWER

    # an own request (session 25): the code right, every reply the wrong way round
    request = "How many years separate the deaths of Leo Tolstoy and Anton Chekhov?"
    search = _searched_both("Leo Tolstoy", "Anton Chekhov",
                            "Leo Tolstoy died in 1910. Anton Chekhov died in 1904.")
    calc = Step(index=1, plan=PlanRecord(task=f"Using those years, calculate: {request}",
                                         selected_tool="calculate_number"),
                tool="calculate_number", observation="result = 6 (code: result = 1910 - 1904)",
                result={"code": "result = 1910 - 1904", "value": "6"})
    out = FinalAnswer(FakeClient([{"answer": "Anton Chekhov died 6 years after Leo "
                                              "Tolstoy."}] * 3))(request, "Answer.", [search, calc])
    assert out.text == RESULT_ANSWER.format(value="6") and out.data["reversed"] == ["6"]


def test_the_other_end_of_a_span_is_refused_and_sampled_again():
    from gba.client.fake import FakeClient
    from gba.tools.final_answer import UNSUPPORTED, FinalAnswer

    # an own request (session 18): the span found, its end given for its start
    request = "In which year did the French Revolution break out?"
    found = [_searched("French Revolution", "The French Revolution lasted from 1789 to 1799. "
                       "(Sources: French Revolution)")]
    fake = FakeClient([{"answer": "The French Revolution ended in 1799."},
                       {"answer": "It broke out in 1789."}])
    out = FinalAnswer(fake)(request, "Answer.", found)
    assert out.text == "It broke out in 1789."
    assert out.data["refused"]["other_end"] == ["1799"]
    ended = FinalAnswer(FakeClient([{"answer": "It ended in 1799."}] * 3))(
        "When did the French Revolution end?", "Answer.", found)
    assert ended.text == "It ended in 1799."
    never = FinalAnswer(FakeClient([{"answer": "The French Revolution ended in 1799."}] * 3))(
        request, "Answer.", found)
    assert never.text == UNSUPPORTED


def test_a_given_number_restated_as_the_result_of_a_failed_calculation_is_refused():
    from gba.client.fake import FakeClient
    from gba.tools.final_answer import UNSUPPORTED, FinalAnswer
    from gba.trajectory import PlanRecord, Step

    def step(tool, text, error=None, sources=()):
        return Step(index=0, plan=PlanRecord(task="t", selected_tool=tool), tool=tool,
                    observation=text, error=error, sources=list(sources))
    steps = [step("ask_user", "I pay 27.50 a month for it."),
             step("calculate_number", "calculate_number could not compute this",
                  error="refused")]
    fake = FakeClient([{"answer": "It costs 27.5 dollars."}] * 3)
    out = FinalAnswer(fake)("What will my phone plan have cost me after two years?", "Answer.",
                            steps)
    assert out.text == UNSUPPORTED
    assert out.data == {"answer": "It costs 27.5 dollars.", "uncomputed": ["27.5"]}
    # a year a search found stays, even after a pointless calculation failed
    searched = [step("search_wikipedia", "World War I ended in 1918.", sources=["World War I"]),
                steps[1]]
    out = FinalAnswer(FakeClient([{"answer": "It ended in 1918."}]))(
        "In what year did World War I end?", "Answer.", searched)
    assert out.text == "It ended in 1918."


def test_a_reply_that_restates_the_sum_instead_of_its_result_gets_the_result():
    from gba.client.fake import FakeClient
    from gba.tools.final_answer import RESULT_ANSWER, FinalAnswer
    from gba.trajectory import PlanRecord, Step

    request = "Take 2 to the power of 10 and subtract 24."
    steps = [Step(index=0, plan=PlanRecord(task=f"Calculate: {request}",
                                           selected_tool="calculate_number"),
                  tool="calculate_number", observation="result = 1000 (code: result = 2 ** 10 - 24)",
                  result={"code": "result = 2 ** 10 - 24", "value": "1000"})]
    fake = FakeClient([{"answer": "2 to the power of 10 - 24"}, {"answer": "That is 1,000."}])
    out = FinalAnswer(fake)(request, "Answer.", steps)
    assert out.text == "That is 1,000." and out.data["refused"]["unstated"] == []
    fake = FakeClient([{"answer": "2 to the power of 10 - 24"}] * 3)
    out = FinalAnswer(fake)(request, "Answer.", steps)
    assert out.text == RESULT_ANSWER.format(value="1000")
