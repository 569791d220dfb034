"""Requests about the user's own facts: when a planned search or calculation must give way to
a question to the user.

The fine-tuned planner asks the user in the request shapes it was trained on ("How old was I
when X died?") and elsewhere searches Wikipedia for "the population of my hometown" or
calculates without the user's number ("How much higher than my town is Sanaa?" ->
`2300 - 20 * 100`). Told so in an observation, it plans the same step again. So the agent
asks instead (`gba.agent`: the planner plans once more with the tool set to ask_user and its
reason to the one the simulation gives for asking, and writes the question itself) when:

- a search's task is about the user's own things (`personal_task`: "my", "our", "the
  user's", a relative named alone as "Grandma"), unless it quotes the whole request (the
  first "Look up: ..." of every request), or
- a calculation is planned for a request that speaks of the user's own things
  (`personal_request`), states no number at all, and no question has been put to the user, or
- one more search is planned for such a request after `VAIN_SEARCHES` searches found no
  article (`searched_in_vain`: "We rented a cottage with other families" -> "the founders of
  the holiday cottage rental company"); one search in vain is not enough, since the first
  quotes the whole request and a named thing in it may still be found by its own name.

A calculation for such a request that writes a count nobody gave (`guessed`: "a drink for
everyone at the table" -> `4.8 * 10`; gba.tools.coverage.guessed_counts), or whose request
asks for a kind of quantity no number given so far is ("how many litres of fuel my commute
uses" after "23 km each way"; gba.tools.conversions.missing_dimensions), is not an answer: the
agent reports it as failed and asks the user `OTHER_NUMBERS`, written here rather than by the
planner, which asks again for what it already has ("How much do you pay for the drink?"). Once
per request: a second guess stands.

Leaves out requests that give the user's numbers themselves ("My suitcase weighs 23 kg")
and questions about the user that carry a number ("How old was I in 1990?": the planner
was trained on those).

>>> personal_task("Search Wikipedia for the population of my hometown.", "My hometown ...?")
True
>>> personal_task("Look up: How old was my grandfather in 1920?", "How old was my grandfather in 1920?")
False
>>> needs_asking("How much higher than my town is Sanaa?", [])
True
"""

from __future__ import annotations

import re

from gba.numbers import numbers_in
from gba.tools.calculate import sources
from gba.tools.conversions import missing_dimensions
from gba.tools.coverage import ASK_USER, SEARCH, guessed_counts
from gba.tools.decades import decade_only
from gba.tools.units import ARTICLE
from gba.trajectory import Step

OWN = re.compile(r"\b(?:my|our|ours|mine|the user's|your)\b", re.IGNORECASE)
RELATIVE = re.compile(r"\b(?:Grandma|Grandpa|Granny|Mum|Mom|Dad|Mummy|Daddy)\b")  # as names
SPEAKS_OF_SELF = re.compile(
    r"(?i:\b(?:my|our|ours|mine|we|we're|we've)\b)|\bI(?:'m| am| was| have| had| do| did| will|"
    r"'ve| pay| paid| spend| spent| save| saved| earn| earned| take| took| drive| drove| walk|"
    r" walked| run| ran| go| went| buy| bought| work| worked| live| lived| sleep| slept| read|"
    r" use| used| got| get| need| make| made| owe| weigh| started| moved| married)\b"
    r"|\b(?i:was|am|were|did|do|have|had|will|would)\sI\b(?!\.)")  # "was I born", "do I pay"
NOT_ABOUT_SELF = re.compile(r"\bI(?:'m| am) (?:curious|sure|wondering|interested|trying)\b|"
                            r"\bI (?:wonder|want to know|need to know|would like)\b", re.IGNORECASE)


def personal_task(task: str, request: str) -> bool:
    """Whether a search `task` is about the user's own things (and is not the request quoted
    whole)."""
    if request.strip() and request.strip() in task:
        return False
    return bool(OWN.search(task) or RELATIVE.search(task))


REGNAL = re.compile(r"\b(?!(?:Today|Yesterday|Now|Then|So|Also|And|But|When|If|Since|Before|"
                    r"After|Last|Next|Once|Here|There|Well|Sometimes|Usually)\b)([A-Z][\w'-]+) I\b")


def personal_request(request: str) -> bool:
    """Whether `request` speaks of the user's own things ("my town", "we got married", "I
    pay"), not only of what the user wants to know ("I'm curious how ..."); "Rama I was
    king" is a name.

    >>> personal_request("How long was Rama I king?"), personal_request("Yesterday I paid 5.")
    (False, True)
    >>> personal_request("How long Al-Shafi'i lived?"), personal_request("We moved in 2001.")
    (False, True)
    >>> personal_request("How many years after the Chernobyl disaster was I born?")
    True
    """
    text = REGNAL.sub(r"\1 Regnal", NOT_ABOUT_SELF.sub(" ", request))
    return bool(SPEAKS_OF_SELF.search(text) or RELATIVE.search(request))


def needs_asking(request: str, steps: list[Step]) -> bool:
    """Whether a calculation for `request` must wait for the user: it speaks of the user's own
    things, states no number, and nobody has asked the user yet."""
    return (personal_request(request) and not numbers_in(request)
            and not any(s.tool == ASK_USER and not s.error for s in steps))


VAIN_SEARCHES = 2  # searches that found nothing before the user is asked instead


def searched_in_vain(request: str, steps: list[Step]) -> bool:
    """Whether `request` speaks of the user's own things and `VAIN_SEARCHES` searches for it
    found no article: what it needs is the user's, not Wikipedia's.

    >>> from gba.trajectory import PlanRecord
    >>> vain = Step(index=0, plan=PlanRecord(task="Find the cottage company.",
    ...             selected_tool=SEARCH), tool=SEARCH, observation="Wikipedia has no article")
    >>> searched_in_vain("We rented a cottage. What does each family owe?", [vain, vain])
    True
    >>> searched_in_vain("We rented a cottage. What does each family owe?", [vain])
    False
    >>> searched_in_vain("What did the cottage of Goethe cost?", [vain, vain])
    False
    """
    return personal_request(request) and sum(
        s.tool == SEARCH and not s.sources and not s.error for s in steps) >= VAIN_SEARCHES


OTHER_NUMBERS = ("Which other numbers should I use to work this out? Please say what each one "
                 "counts.")
GUESSED = ("calculate_number could not compute this: {what}; only the user can say it")


def guessed(request: str, code: str, steps: list[Step]) -> list[str]:
    """What a calculation's `code` for a request about the user's own things had to make up,
    in words (a count it wrote that nobody gave; a kind of quantity the request asks for that
    no number given is; a year the words give only as a decade), unless a question `OTHER_NUMBERS` has followed up already (none
    then).

    >>> guessed("I'm buying everyone at the table a drink. The bill?", "result = 4.8 * 10", [])
    ['the code uses 10, which neither the request nor an earlier step gives']
    >>> guessed("How many litres of fuel does my commute use? It's 23 km.", "result = 23 * 2", [])
    ['the request asks for a volume, and no number given so far is one']
    >>> guessed("A drink costs 4.80. What do 10 cost?", "result = 4.8 * 10", [])
    []
    >>> guessed("My grandfather was born in the 1890s. How old was he in 1918?",
    ...         "result = 1918 - 1890", [])
    ['the words give only a decade (the 1890s), not the year']
    """
    if not personal_request(request) or any(s.tool == ASK_USER and s.task == OTHER_NUMBERS
                                            for s in steps):
        return []
    said = sources(request, steps)
    decade = decade_only(code, said)
    return ([f"the code uses {x:g}, which neither the request nor an earlier step gives"
             for x in guessed_counts(code, said)]
            + ([f"the words give only a decade (the {decade}s), not the year"]
               if decade is not None else [])
            + [f"the request asks for {ARTICLE.get(d, 'a ' + d)}, and no number given so far "
               "is one" for d in missing_dimensions(request, said)])
