"""`final_answer`: write the reply to the user from the request and what the steps found.

No made-up numbers or names: some word of every name the reply states must be written by
the request, a step that worked or an article a search cited (`invented_names`: "Yayaoundé
is higher" after a search about Yaoundé), and every number the reply states must be in the
request or in the result of a step that worked, as written or rounded to the precision the
reply writes it with
(gba.numbers.states; whole counts up to ten are free, amounts such as "$3.00", measurements
such as "3 feet" and numbers of years no step states are not), and a number of years must be
one where it was found (a year of birth is not a lifespan). A reply that states another number ("You pay $120.50" when no step computed it) is replaced by
`UNSUPPORTED`, which says plainly that the answer was not found; the record keeps the
refused reply. So is a reply that gives a number a search stated of one article's subject to
another (`misattributed`: "Leibniz was born in 1642" when the search said it of Newton), and
one that gives a year as a birth or a life's end that no step found as one
(`unfound_life_years`: "lived from 1865 to 1865" from "died in 1865"), and one that states a
gap between two people's births or deaths the wrong way round (`reversed_gap`), and one
that gives the end of a span when the request asks when it began, or the reverse
(gba.tools.spans: "ended in 1799" for "when did the French Revolution break out?"), and one
that states no number where the request asks for an amount and a calculation worked
(`numberless`: "Mendeleev came after Avogadro." for "how long after"), and one that says
the other extreme than a comparison asks (gba.tools.extremes.opposite: "Liszt died first"
for "who was the last to die?"; where the reply states the value the calculation picked, the
request's word replaces the wrong one instead: "Liszt died last, in 1886."), or concludes a
comparison when no search stated a number of one of the compared articles (`one_sided`: "The
Yangtze is longer" without the Amazon's length), and one that gives a number as the result
when every calculation failed and no search stated it (`uncomputed`: "It costs 27.5 dollars."
after the code for two years of a 27.50 phone plan was refused: the user's own number restated
as the total), and one to a request a calculation answered whole that states neither its
result nor a number a search found (`unstated`: "2 to the power of 10 - 24"; if every reply
does that, the result is given plainly, `RESULT_ANSWER`; so too when every reply to such a
request states the computed gap the wrong way round: "Chekhov died 6 years after Tolstoy" ->
"The result is 6."). Before giving up, up to RESAMPLES
replies are sampled (temperature 0.7, seeds 1, 2) and the first that passes every check is
given (data["resampled"], the refused reply in data["refused"]): a tiny model that wrote one
unsupported figure often writes a clean reply the next time, and a right calculation should
not end in "could not work out".

Leaves out whether the answer is right (gba.evaluation scores it) and names (the search
answer checks those against its passages).

>>> from gba.client.fake import FakeClient
>>> tool = FinalAnswer(FakeClient([{"answer": "4"}]))
>>> tool("What is 2+2?", "Answer the user.", []).text
'4'
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from gba.client.base import LLMClient, Message, Usage
from gba.numbers import as_number, fmt_value, number_spans, numbers_in, states, word_spans
from gba.text import SENTENCE, clip_tail, titles_named, unaccented
from gba.tools.base import Tool, ToolResult, format_steps
from gba.tools.calculate import RESULT_PREFIX
from gba.tools.coverage import CALCULATE
from gba.tools.extremes import WHICH, one_sided, opposite, picks_as_asked, reworded
from gba.tools.search.answer import Source, stated_facts
from gba.tools.search.life_years import reversed_gaps, unstated_life_years
from gba.tools.spans import wrong_end
from gba.tools.units import starts_with_unit
from gba.trajectory import Step

ANSWER_TASK = "Answer the request: {r}"  # the planner's task for the last step (simulation, agent)

PROMPT = """Write the final answer to the user's request, using only the facts found below.
Request: {request}
Found so far:
{steps}
Instruction: {task}"""

STEP_OBSERVATION_CHARS = 600  # each earlier observation in the prompt
UNSUPPORTED = "I could not work out the answer from what I found."
RESULT_ANSWER = "The result is {value}."  # when every reply left out the result (`unstated`)
RESAMPLES = 2  # a refused greedy reply is followed by up to this many sampled ones
RESAMPLE_TEMPERATURE = 0.7
FREE_COUNTS = 10  # "the 3 of you", "in 2 steps": counts up to this need no source
CURRENCY = set("$€£¥")  # "$3" is an amount, not a count
DURATION = re.compile(r"[ -]years?\b", re.IGNORECASE)  # after a number: "61 years", "61-year"


def durations(sources: list[str]) -> list[float]:
    """The numbers of `sources` that can stand as a number of years: a calculation's
    result, or a number the source itself follows with "years".

    >>> durations(["result = 71 (code: result = 1957 - 1886)", "He was born in 1886.",
    ...            "It lasted 116 years."])
    [71.0, 116.0]
    """
    out = []
    for text in sources:
        for value, start, end in number_spans(text):
            if text[:start] == RESULT_PREFIX or DURATION.match(text, end):
                out.append(value)
    return out


def unsupported_numbers(answer: str, sources: list[str]) -> list[str]:
    """The numbers `answer` states (as written) that none of `sources` holds. A number of
    years ("1906 years before") needs a source that holds it as one (`durations`): a year
    found is not an age or a gap.

    >>> unsupported_numbers("About 306,951 sq mi, or $120.50.", ["result = 306951.09"])
    ['120.50']
    >>> unsupported_numbers("Eighty-two workers need nine days.", ["result = 6"])
    ['Eighty-two']
    >>> unsupported_numbers("You are about 3 feet tall, the 2 of you.", ["result = 182"])
    ['3']
    >>> unsupported_numbers("Pierre Curie died 1906 years before.", ["He died in 1906."])
    ['1906']

    A small count is free, but not as a number of years no step states:
    >>> unsupported_numbers("He lived about 10 years longer.", ["result = 105"])
    ['10']
    >>> unsupported_numbers("That is 1095 pages over 3 years.", ["over three years", "result = 1095"])
    []
    """
    known = numbers_in(" ".join(sources))  # words too: "fifteen" supports 15
    spans = durations(sources)
    out = []
    for _, start, end in number_spans(answer):
        written = answer[start:end]
        money = answer[:start].rstrip()[-1:] in CURRENCY
        measured = starts_with_unit(answer[end:])  # "3 feet" is a length, not a count
        duration = DURATION.match(answer, end) is not None
        small = written.isdigit() and int(written) <= FREE_COUNTS and not money and not measured
        if small and not duration:
            continue
        pool = known if small else spans if duration else known  # "10 years": some step says 10
        if not any(states(written, k) or states(written, -k) for k in pool):
            out.append(written)
    for value, start, end in word_spans(answer):  # "Eighty-two workers" states 82 too
        if value > FREE_COUNTS and not any(abs(value - k) < 1e-9 for k in known):
            out.append(answer[start:end])
    return out


SOURCES_NOTE = re.compile(r"\s*\(Sources?:[^)]*\)\s*$")


def unfound_names(request: str, steps: list[Step]) -> list[str]:
    """The names `request` gives (gba.tools.search.answer.stated_facts) that no search
    found: neither a searched article names them nor any search's words hold them
    ('Chopin' when only Beethoven's article came back; not 'Clemens' when Mark Twain's
    passage says 'Samuel Langhorne Clemens').

    >>> from gba.trajectory import PlanRecord
    >>> found = Step(index=1, plan=PlanRecord(task="t", selected_tool="search_wikipedia"),
    ...              tool="search_wikipedia", observation="Ludwig van Beethoven died in "
    ...              "1827. (Source: Ludwig van Beethoven)", sources=["Ludwig van Beethoven"])
    >>> unfound_names("How many years after Beethoven's birth did Chopin die?", [found])
    ['Chopin']
    """
    searches = [s for s in steps if s.sources and not s.error]
    titles = [t for s in searches for t in s.sources]
    said = " ".join(s.observation for s in searches)
    out = []
    for name in dict.fromkeys(stated_facts(request)[1]):
        bare = re.sub(r"['’]s$", "", name)
        if titles_named(bare, titles) or re.search(rf"(?<!\w){re.escape(bare)}(?!\w)", said,
                                                   re.IGNORECASE):
            continue
        out.append(bare)
    return out


def _plain(text: str) -> str:
    """Lower case without accents, every other character outside ASCII a space."""
    return "".join(c if c.isascii() else " " for c in unaccented(text)).lower()


NAME_RUN = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’-]*(?:\s+(?:(?:of|de|da|van|von|al|the)\s+)?"
                      r"[A-ZÀ-ÖØ-Þ][\w'’-]*)*")


def invented_names(answer: str, request: str, steps: list[Step]) -> list[str]:
    """The names `answer` states (as a search answer's are read: gba.tools.search.answer.
    stated_facts, so "Hello!" or "Sure, ..." are no names) of which no word is written by the
    request, a step that worked or an article a search cited (compared without case or
    accents; "Victor Hugo" passes where a step wrote "Hugo"): a name no tool returned
    ("Yayaoundé is higher, at 750 m." after a search about Yaoundé). Abbreviations of up to
    four capitals pass.

    >>> from gba.trajectory import PlanRecord
    >>> found = Step(index=1, plan=PlanRecord(task="t", selected_tool="search_wikipedia"),
    ...              tool="search_wikipedia", sources=["Yaoundé"],
    ...              observation="Yaounde has an elevation of 750 m. (Sources: Yaoundé)")
    >>> invented_names("Yayaoundé is higher, at 750 m.", "Yaoundé or Hyderabad?", [found])
    ['Yayaoundé']
    >>> invented_names("Hello! The city of Yaoundé is higher, at 750 m.", "Which?", [found])
    []
    """
    said = " ".join([request] + [s.observation for s in steps if not s.error]
                    + [t for s in steps for t in s.sources] + ["Wikipedia"])
    known = set(re.findall(r"\w+", _plain(said)))
    names = {re.sub(r"(?:['’]s|['’-])$", "", n) for n in stated_facts(answer)[1]}
    out = []
    for run in NAME_RUN.finditer(answer):
        words = [re.sub(r"(?:['’]s|['’-])$", "", w) for w in run.group().split()]
        stated = [w for w in words if w in names and not (w.isupper() and len(w) <= 4)]
        if stated and not any(part in known for w in words if w[:1].isupper()
                              for part in re.findall(r"\w+", _plain(w))):
            out += stated
    return list(dict.fromkeys(out))


def misattributed(answer: str, steps: list[Step], request: str = "") -> list[str]:
    """The numbers `answer` gives to one article's subject that the searches only stated of
    another ('Leibniz was born first, in 1642' when the search said 'Isaac Newton was born in
    1642'), or to a name of the `request` that no search found ('Chopin died in 1827' when
    only Beethoven's death was found: `unfound_names`). A number no search stated (a
    calculation's result), an answer sentence naming neither a searched article nor an
    unfound name, and a search sentence naming no article (a pronoun) are left alone.

    >>> from gba.trajectory import PlanRecord
    >>> found = Step(index=1, plan=PlanRecord(task="t", selected_tool="search_wikipedia"),
    ...              tool="search_wikipedia", observation="Gottfried Wilhelm Leibniz "
    ...              "was born in 1646. Isaac Newton was born in 1642. (Sources: Gottfried "
    ...              "Wilhelm Leibniz; Isaac Newton)",
    ...              sources=["Gottfried Wilhelm Leibniz", "Isaac Newton"])
    >>> misattributed("Gottfried Wilhelm Leibniz was born first, in 1642.", [found])
    ['1642']
    >>> misattributed("Isaac Newton was born first, in 1642; Leibniz in 1646.", [found])
    []
    >>> misattributed("Robert Hooke was born in 1642.", [found], "When was Hooke born?")
    ['1642']
    """
    titles = [t for s in steps if not s.error for t in s.sources]
    said = [sentence for s in steps if s.sources and not s.error
            for sentence in SENTENCE.split(SOURCES_NOTE.sub("", s.observation))]
    unfound = unfound_names(request, steps)
    out = []
    for sentence in SENTENCE.split(answer):
        names = titles_named(sentence, titles) | titles_named(sentence, unfound)
        if not names:
            continue
        for _, start, end in number_spans(sentence):
            written = sentence[start:end]
            stating = [titles_named(x, titles) for x in said
                       if any(states(written, k) for k in numbers_in(x))]
            if stating and all(n and not n & names for n in stating):
                out.append(written)
    return out


def unfound_life_years(request: str, answer: str, steps: list[Step]) -> list[str]:
    """The years `answer` gives as a birth (or a life's end) of a searched article that no
    step found as one (gba.tools.search.life_years, the steps' words standing for the
    passages): "Abraham Lincoln lived from 1865 to 1865." when a search said only "Abraham
    Lincoln died in 1865."

    >>> from gba.trajectory import PlanRecord
    >>> found = Step(index=1, plan=PlanRecord(task="t", selected_tool="search_wikipedia"),
    ...              tool="search_wikipedia", observation="Abraham Lincoln died in 1865. "
    ...              "(Sources: Abraham Lincoln)", sources=["Abraham Lincoln"])
    >>> unfound_life_years("How old was Lincoln?", "Abraham Lincoln lived from 1865 to 1865.",
    ...                    [found])
    ['1865']
    >>> unfound_life_years("How old was Lincoln?", "Abraham Lincoln died in 1865.", [found])
    []
    """
    said, titles = searched(request, steps)
    return unstated_life_years(answer, [Source(label=t, text=said) for t in titles])


def reversed_gap(request: str, answer: str, steps: list[Step]) -> list[str]:
    """The gaps between two searched people's births or deaths that `answer` states the
    wrong way round ("Jane Austen was born 22 years after Mary Shelley." when the searches
    found her born in 1775 and Shelley in 1797; gba.tools.search.life_years.reversed_gaps)."""
    return reversed_gaps(answer, *searched(request, steps))


def searched(request: str, steps: list[Step]) -> tuple[str, list[str]]:
    """The request and what the searches that worked said, as one text, and the titles they
    found. Only searches: a calculation's "(code: result = 1890 - 1890)" would read as a life
    range."""
    found = [s for s in steps if s.sources and not s.error]
    said = " ".join([request, *(s.observation for s in found)])
    return said, list(dict.fromkeys(t for s in found for t in s.sources))


def final_answer_messages(request: str, task: str, previous_steps: list[Step],
                          max_context_chars: int = 3000) -> list[Message]:
    """The final_answer role's prompt (inference and training examples alike)."""
    context = clip_tail(format_steps(previous_steps, max_chars=STEP_OBSERVATION_CHARS),
                        max_context_chars)
    return [Message(role="user", content=PROMPT.format(request=request, steps=context,
                                                       task=task))]


class Answer(BaseModel):
    answer: str = Field(description="the reply to the user", max_length=1000)


class FinalAnswer(Tool):
    """Ends the run with an answer written from the gathered context."""

    name = "final_answer"
    description = ("Write the final answer to the user's request from what earlier steps "
                   "found. Use it once everything needed is known; it ends the work.")

    def __init__(self, client: LLMClient, *, max_tokens: int = 256, max_context_chars: int = 3000,
                 resamples: int = RESAMPLES):
        self.client = client
        self.max_tokens = max_tokens
        self.max_context_chars = max_context_chars
        self.resamples = resamples  # sampled replies tried after a refused one

    def run(self, request: str, task: str, previous_steps: list[Step]) -> ToolResult:
        messages = final_answer_messages(request, task, previous_steps, self.max_context_chars)
        sources = [s for step in previous_steps for s in step.sources]
        usage, data = Usage(), {}
        for attempt in range(self.resamples + 1):
            sampled = {"temperature": RESAMPLE_TEMPERATURE, "seed": attempt} if attempt else {}
            completion = self.client.complete(messages, Answer, max_tokens=self.max_tokens,
                                              **sampled)
            usage = usage + completion.usage
            answer = completion.parsed.answer.strip()
            why = refusal(request, answer, previous_steps)
            if why is None:  # given; a refused greedy reply stays in the record
                data = {"answer": answer} | ({"resampled": attempt, "refused": data} if attempt
                                             else {})
                return ToolResult(text=answer, usage=usage, is_final=True, data=data,
                                  sources=sources)
            if why[0] == "opposite" and (fixed := _reworded(request, answer, previous_steps)):
                return ToolResult(text=fixed, usage=usage, is_final=True, sources=sources,
                                  data={"answer": fixed, "reworded": answer})
            data = data or {"answer": answer, why[0]: why[1]}  # the greedy reply's refusal
        if "unstated" in data or ("reversed" in data and answers_whole(request, previous_steps)):
            # the calculation's result, plainly: every reply left it out (`unstated`), or
            # stated the gap it computed the wrong way round (`reversed`)
            value = as_number((previous_steps[-1].result or {}).get("value"))
            text = RESULT_ANSWER.format(value=fmt_value(value))
            return ToolResult(text=text, usage=usage, is_final=True, sources=sources,
                              data={**data, "plain": text})
        return ToolResult(text=UNSUPPORTED, usage=usage, is_final=True, data=data,
                          sources=sources)


def _reworded(request: str, answer: str, previous_steps: list[Step]) -> str | None:
    """A reply that says the other extreme than the request asks (`opposite`) with the
    request's word instead (gba.tools.extremes.reworded), where the last calculation that
    worked picked as the request asks, the reply states the value it picked and passes every
    other check; else None."""
    done = [s for s in previous_steps if s.tool == CALCULATE and not s.error]
    result = (done[-1].result or {}) if done else {}
    value, fixed = as_number(result.get("value")), reworded(request, answer)
    if (value is None or fixed is None or not picks_as_asked(str(result.get("code")), request)
            or not any(states(fixed[a:b], value) for _, a, b in number_spans(fixed))):
        return None
    return fixed if refusal(request, fixed, previous_steps) is None else None


ASKS_AMOUNT = re.compile(r"\b(?:how (?:many|much|long|old|far|high|tall|big|large|deep|heavy|"
                         r"fast|often)|what age|by how)\b", re.IGNORECASE)


def numberless(request: str, answer: str, previous_steps: list[Step]) -> bool:
    """A request that asks for an amount ("how many years", "what age"), a calculation that
    worked, and a reply that states no number at all ("Mendeleev came after Avogadro.").

    >>> from gba.trajectory import PlanRecord
    >>> calc = [Step(index=0, plan=PlanRecord(task="t", selected_tool="calculate_number"),
    ...              tool="calculate_number", observation="result = 58")]
    >>> numberless("How long after?", "He came after him.", calc), numberless(
    ...     "How long after?", "58 years after him.", calc), numberless("Who was first?", "He.", calc)
    (True, False, False)
    """
    return (ASKS_AMOUNT.search(request) is not None
            and any(s.tool == CALCULATE and not s.error for s in previous_steps)
            and not number_spans(answer) and not word_spans(answer))


def answers_whole(request: str, steps: list[Step]) -> bool:
    """Whether the last step is a calculation that worked on a task quoting the whole request
    ("Using 27.50 a month, calculate: <request>"): nothing is left but the answer.

    >>> from gba.trajectory import PlanRecord
    >>> plan = PlanRecord(task="Calculate: What is 2 + 2?", selected_tool="calculate_number")
    >>> done = Step(index=0, plan=plan, tool="calculate_number", observation="result = 4")
    >>> answers_whole("What is 2 + 2?", [done]), answers_whole("What is 2 + 2, in words?", [done])
    (True, False)
    """
    last = steps[-1] if steps else None
    return (last is not None and last.tool == CALCULATE and last.error is None
            and request.strip() in last.plan.task)


def unstated(request: str, answer: str, previous_steps: list[Step]) -> bool:
    """Whether a reply to a request one calculation answered whole (`answers_whole`; not a
    "who" or "which" comparison) states neither the result nor a number a search found: "2 to
    the power of 10 - 24" for "Take 2 to the power of 10 and subtract 24." restates the sum.

    >>> from gba.trajectory import PlanRecord
    >>> calc = [Step(index=0, plan=PlanRecord(task="Calculate: Take 2**10, less 24.",
    ...         selected_tool="calculate_number"), tool="calculate_number",
    ...         observation="result = 1000", result={"value": "1000"})]
    >>> unstated("Take 2**10, less 24.", "2 to the power of 10 - 24", calc)
    True
    >>> unstated("Take 2**10, less 24.", "It is 1,000.", calc)
    False
    """
    if not answers_whole(request, previous_steps) or WHICH.search(request):
        return False
    value = as_number((previous_steps[-1].result or {}).get("value"))
    if value is None:
        return False  # a result that is no number: the reply cannot be checked against it
    found = [value] + [x for s in previous_steps if s.sources and not s.error
                       for x in numbers_in(s.observation)]
    return not any(states(answer[a:b], x) for _, a, b in number_spans(answer) for x in found)


def uncomputed(answer: str, previous_steps: list[Step]) -> bool:
    """Whether `answer` states numbers when every calculation of the request failed and no
    search stated any of them: what it states can then only be a given number restated as
    the result ("It costs 27.5 dollars." for two years of a 27.50 plan). A year a search found
    may still be given after a pointless calculation failed.

    >>> from gba.trajectory import PlanRecord
    >>> def step(tool, text, error=None, sources=()):
    ...     return Step(index=0, plan=PlanRecord(task="t", selected_tool=tool), tool=tool,
    ...                 observation=text, error=error, sources=list(sources))
    >>> failed = step("calculate_number", "could not compute this", error="refused")
    >>> uncomputed("It costs 27.5 dollars.", [step("ask_user", "27.50 a month."), failed])
    True
    >>> uncomputed("It ended in 1918.", [step("search_wikipedia", "It ended in 1918.",
    ...                                       sources=["World War I"]), failed])
    False
    """
    calculations = [s for s in previous_steps if s.tool == CALCULATE]
    if not calculations or any(not s.error for s in calculations):
        return False
    spans = number_spans(answer)
    found = [x for s in previous_steps if s.sources and not s.error
             for x in numbers_in(s.observation)]
    return bool(spans) and not any(states(answer[a:b], x) for _, a, b in spans for x in found)


def refusal(request: str, answer: str, previous_steps: list[Step]) -> tuple[str, list[str]] | None:
    """Why `answer` may not be given, as (check, what it states), or None when it may: a
    number no step gave, a number given to the wrong article, a year given as a birth or
    death that no step found as one, a gap between two people the wrong way round, the
    other end of a span than the request asks about (gba.tools.spans).

    >>> refusal("What is 20+25?", "It is 46.", []), refusal("What is 20+25?", "It is 20 + 25.", [])
    (('unsupported', ['46']), None)
    """
    found = [request] + [s.observation for s in previous_steps if not s.error]
    if made_up := unsupported_numbers(answer, found):
        return "unsupported", made_up
    if unknown := invented_names(answer, request, previous_steps):
        return "invented", unknown
    if wrong_owner := misattributed(answer, previous_steps, request):
        return "misattributed", wrong_owner
    if not_lives := unfound_life_years(request, answer, previous_steps):
        return "life_years", not_lives
    if backwards := reversed_gap(request, answer, previous_steps):
        return "reversed", backwards
    searches = [s.observation for s in previous_steps if s.sources and not s.error]
    if other_end := wrong_end(request, answer, searches):
        return "other_end", other_end
    if numberless(request, answer, previous_steps):
        return "numberless", []
    if unstated(request, answer, previous_steps):
        return "unstated", []
    if uncomputed(answer, previous_steps):
        return "uncomputed", [answer[a:b] for _, a, b in number_spans(answer)]
    if reversed_word := opposite(request, answer):
        return "opposite", [reversed_word]
    if unfound := one_sided(request, answer, [(s.observation, s.sources)
                                              for s in previous_steps if s.sources and not s.error]):
        return "one_sided", unfound
    return None
