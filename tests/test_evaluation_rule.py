"""The one strict correctness rule on hand-made final answers: every false pass the old
"any number / the name anywhere" rule let through, the correct phrasings that must still
pass, empty answers, refusals, step-limit runs, undecided answers, and the scripted world."""

from __future__ import annotations

import pytest

from gba.evaluation.metrics import correct, verdict
from gba.simulation.records import GroundTruth
from gba.trajectory import PlanRecord, Request, Step, Trajectory


def compare(first: str, second: str) -> GroundTruth:
    """'first' was born before 'second'."""
    return GroundTruth(answer=first, must_mention=[first], entities=[first, second],
                       kind="compare")


PUCCINI = ("Who was born first, Giacomo Puccini or Guillaume Du Fay?",
           compare("Guillaume Du Fay", "Giacomo Puccini"))
GODDARD = ("Who was born first, Robert H. Goddard or Frank Capra?",
           compare("Robert H. Goddard", "Frank Capra"))
FISHER = ("Who was born first, Ronald Fisher or Lu Xun?", compare("Lu Xun", "Ronald Fisher"))
VASARI = ("Who was born first, Giorgio Vasari or Carl Rogers?",
          compare("Giorgio Vasari", "Carl Rogers"))
SINATRA = ("Who was born first, Will Eisner or Frank Sinatra?",
           compare("Frank Sinatra", "Will Eisner"))
HELMHOLTZ = ("Who is older, Hermann von Helmholtz or Émile Durkheim?",
             compare("Hermann von Helmholtz", "Émile Durkheim"))
SKINNER = ("Which of B. F. Skinner and Sheikh Mujibur Rahman was born first?",
           compare("B. F. Skinner", "Sheikh Mujibur Rahman"))
KHAYYAM = ("Who is older, Omar Khayyam or Santiago Ramón y Cajal?",
           compare("Omar Khayyam", "Santiago Ramón y Cajal"))
HEGEL = ("Who was born earlier, Hegel or Schelling?", compare("Hegel", "Schelling"))
YOUNGER = ("Who is younger, Hegel or Schelling?", compare("Schelling", "Hegel"))


@pytest.mark.parametrize("case,answer", [
    (PUCCINI, "Giacomo Puccini was born first. Guillaume Du Fay was born second."),
    (GODDARD, "Frank Capra was born first (Robert H. Goddard was born second)."),
    (FISHER, "Ronald Fisher was born first, Lu Xun was born first."),
    (VASARI, "Carl Rogers (Giorgio Vasari was born first, Carl Rogers was born first.)"),
    (VASARI, "Giorgio Vasari lived from 1511 to 1574."),  # a fact, not who came first
    (SINATRA, "Frank Sinatra was born first (Will Eisner.date.year < Frank Sinatra.date.year)"),
    (HELMHOLTZ, "Émile Durkheim (Hermann von Helmholtz is older than Émile Durkheim.)"),
    (HELMHOLTZ, "Hélène Durkheim was born in 1821. Hermann von Helmholtz was born in 1821."),
    (SKINNER, "B. F. Skinner was born in 1904. Sheikh Mujibur Rahman was born in 1920."),
    (KHAYYAM, "Santiramón y Cajal (Omar Khayyam) is Santiago Ramón y Cajal."),
    (HEGEL, "Schelling was born first. Hegel was born first."),
    (HEGEL, "Hegel and Schelling."),
    (HEGEL, "The first person born was Schelling, born in 1775."),
    (YOUNGER, "Schelling was born first."),
])
def test_comparisons_that_name_both_or_no_one_fail(case, answer):
    request, truth = case
    assert verdict(answer, truth, request) == "wrong"


@pytest.mark.parametrize("case,answer", [
    (FISHER, "Lu Xun was born first."),
    (FISHER, "Lu Xun."),
    (FISHER, "lu xun was born before Ronald Fisher"),
    (HEGEL, "Hegel, born in 1770, was born first."),
    (HEGEL, "Hegel, born in 1770."),
    (HEGEL, "Hegel is older than Schelling."),
    (HEGEL, "Schelling is younger than Hegel, so Hegel was born first."),
    (HEGEL, "The first person born was Hegel, born in 1770."),
    (HEGEL, "The answer is Hegel."),
    (HELMHOLTZ, "Hermann von Helmholtz is older than Émile Durkheim."),
    (HELMHOLTZ, "Hermann von Helmholtz was born first. Emile Durkheim was born second."),
    (KHAYYAM, "Omar Khayyam was born first (1048 to 1131)."),
    (YOUNGER, "Schelling is younger."),
    (YOUNGER, "Hegel is older, so Schelling is the younger."),
])
def test_comparisons_that_commit_to_the_right_person_pass(case, answer):
    request, truth = case
    assert verdict(answer, truth, request) == "correct"


def test_naming_only_the_wrong_one_as_second_is_undecided():
    request, truth = GODDARD
    assert verdict("Frank Capra was born second.", truth, request) == "undecided"


BIRTH = ("When was Charles Darwin born?", GroundTruth(answer="1809", value=1809.0,
                                                      tolerance=0.0))
DEATH = ("In what year did Charles Darwin die?", GroundTruth(answer="1882", value=1882.0,
                                                             tolerance=0.0))
AGE = ("How old was Hans Christian Ørsted when they died?",
       GroundTruth(answer="73", value=73.0, tolerance=0.0, details={"also_accept": [74]}))
ARITH = ("What is 17 times 23, plus 4?", GroundTruth(answer="395", value=395.0))
READINGS = ("What is 45 plus 55, times 3?",
            GroundTruth(answer="300", value=300.0, tolerance=0.0, details={"also_accept": [210]}))
SHIRT = ("A shirt costs $40 and is 25% off. What is the sale price?",
         GroundTruth(answer="30", value=30.0, tolerance=0.0))
YEARS = ("How many years are there between 1815 and 1914?",
         GroundTruth(answer="99", value=99.0, tolerance=0.0))
GAP = ("How many years apart were Hegel and Schelling born?",
       GroundTruth(answer="5", value=5.0, tolerance=0.0))


@pytest.mark.parametrize("case,answer", [
    (BIRTH, "Charles Darwin was born in 1809 or 1810."),  # two candidates for the one year
    (BIRTH, "Darwin was born in 1809. Some sources say he was born in 1808."),
    (BIRTH, "Charles Darwin lived about 1809 years."),  # answers another question
    (BIRTH, "Charles Darwin died in 1809."),
    (AGE, "Hans Christian Ørsted lived from 1777 to 1851."),  # years, no age stated
    (AGE, "Ørsted died at 73 or 74."),
    (AGE, "He was born in 1777 and lived 74 years, or 75 years."),
    (AGE, "Hans Christian Ørsted lived about 75 years."),
    (ARITH, "It is 395 or 400."),
    (ARITH, "17 times 23 is 17 times 23, plus 4."),  # restates the request only
    (SHIRT, "The shirt costs $40 and is 25% off."),
    (SHIRT, "The shirt costs $10.0."),
    (YEARS, "There are 1914 years."),
    (GAP, "Schelling was born in 1775."),  # a year, not the gap
])
def test_numbers_that_hedge_restate_or_answer_another_question_fail(case, answer):
    request, truth = case
    assert verdict(answer, truth, request) == "wrong"


@pytest.mark.parametrize("case,answer", [
    (BIRTH, "Charles Darwin was born in 1809."),
    (BIRTH, "Charles Darwin was born on 12 February 1809."),
    (BIRTH, "Charles Darwin was born February 12, 1809, in Shrewsbury."),
    (BIRTH, "Charles Darwin lived from 1809 to 1882."),
    (BIRTH, "Charles Darwin (1809–1882) was born in Shrewsbury."),
    (BIRTH, "1809"),
    (DEATH, "Charles Darwin lived from 1809 to 1882."),
    (DEATH, "He died in 1882, aged 73."),
    (AGE, "Hans Christian Ørsted lived about 74 years."),  # from the years: accepted
    (AGE, "Born in 1777, Ørsted died in 1851 at the age of 73."),
    (AGE, "He was born in 1777, so he lived about 73 years."),
    (ARITH, "17 times 23, plus 4, is 395."),
    (ARITH, "395.0"),
    (ARITH, "17 * 23 = 391, plus 4 is 395."),  # working, then the result stated last
    (READINGS, "45 plus 55, times 3, is 300."),
    (READINGS, "45 plus 55, times 3, is 210."),  # the other reading, accepted and documented
    (SHIRT, "The sale price is $30."),
    (YEARS, "1914 - 1815 = 99"),
    (YEARS, "There are 99 years between 1815 and 1914."),
    (GAP, "Schelling was born 5 years after Hegel."),  # 'born' before a gap, not a year
    (GAP, "Hegel was born 5 years before Schelling, in 1770."),
])
def test_numbers_stated_for_the_asked_quantity_pass(case, answer):
    request, truth = case
    assert verdict(answer, truth, request) == "correct"


def test_several_bare_numbers_with_the_right_one_among_them_are_undecided():
    request, truth = ARITH
    assert verdict("391 and 395", truth, request) == "undecided"
    assert verdict("391 and 400", truth, request) == "wrong"


@pytest.mark.parametrize("answer", [None, "", "   ", "I could not find the answer.",
                                    "I don't know.", "What is 17 times 23, plus 4?"])
def test_empty_answers_and_refusals_fail(answer):
    request, truth = ARITH
    assert verdict(answer, truth, request) == "wrong"
    request, truth = HEGEL
    assert verdict(answer, truth, request) == "wrong"


def run(truth: GroundTruth, text: str, answer: str | None, *, status: str = "completed",
        environment: str | None = "real", source: str = "real") -> Trajectory:
    steps = [Step(index=0, plan=PlanRecord(task="t", selected_tool="final_answer"),
                  tool="final_answer", observation=answer or "")]
    return Trajectory(request=Request(id="r", text=text, source=source,
                                      ground_truth=truth.model_dump()),
                      steps=steps, final_answer=answer, status=status,
                      metadata={"environment": environment} if environment else {})


def test_correct_on_runs_step_limit_crash_undecided():
    request, truth = ARITH
    assert correct(run(truth, request, "It is 395.")) is True
    assert correct(run(truth, request, "It is 395.", status="step_limit")) is False
    assert correct(run(truth, request, None, status="error")) is False
    assert correct(run(truth, request, "391 and 395")) is None


def test_the_scripted_world_rule_is_the_exact_answer_text_and_comes_from_metadata():
    truth = GroundTruth(answer="41", value=41.0, details={"answer_text": "X lived about 41 years."})
    exact, loose = "X lived about 41 years.", "It is 41."
    assert correct(run(truth, "How many years did X live?", exact, environment="scripted"))
    assert not correct(run(truth, "How many years did X live?", loose, environment="scripted"))
    # the recorded environment decides, not the request's source or a file name
    assert correct(run(truth, "How many years did X live?", loose, source="scripted"))
    assert not correct(run(truth, "q", loose, environment=None, source="scripted"))


def test_packaging_and_the_judge_use_the_same_rule():
    from gba.evaluation.judged import truth_correct
    from gba.simulation.package import is_correct

    truth = GroundTruth(answer="41", value=41.0, details={"answer_text": "X lived 41 years."})
    good = run(truth, "q", "X lived 41 years.", environment=None, source="scripted")
    bad = run(truth, "q", "41", environment=None, source="scripted")
    assert is_correct(good) and not is_correct(bad)
    assert truth_correct(good) is True and truth_correct(bad) is False
    request, compare_truth = PUCCINI
    wrong = run(compare_truth, request, "Giacomo Puccini was born first. Guillaume Du Fay "
                "was born second.")
    assert truth_correct(wrong) is False


MOUNTAIN = ("Which mountain is higher: Mount Kilimanjaro or Mount Elbrus?",
            GroundTruth(answer="Mount Kilimanjaro", must_mention=["Mount Kilimanjaro", "Kilimanjaro"],
                        entities=["Mount Kilimanjaro", "Mount Elbrus"],
                        details={"other": ["Mount Elbrus"]}))
LATER = ("Between Walter Gropius and Frank Lloyd Wright, who was born later?",
         GroundTruth(answer="Walter Gropius", must_mention=["Walter Gropius", "Gropius"],
                     details={"other": ["Frank Lloyd Wright"]}))
DIED_YOUNGER = ("Who died younger, Franz Schubert or Évariste Galois?",
                GroundTruth(answer="Évariste Galois", must_mention=["Évariste Galois", "Galois"],
                            entities=["Franz Schubert", "Évariste Galois"]))


@pytest.mark.parametrize("case,answer,want", [
    (MOUNTAIN, "Kilimanjaro is higher than Mount Elbrus.", "correct"),
    (MOUNTAIN, "Mount Elbrus is lower.", "undecided"),
    (MOUNTAIN, "Mount Elbrus is higher.", "wrong"),
    (MOUNTAIN, "Kilimanjaro (5,895 m) and Elbrus (5,642 m).", "wrong"),
    (LATER, "Walter Gropius was born later, in 1883.", "correct"),
    (LATER, "Frank Lloyd Wright was born first, so Gropius was born later.", "correct"),
    (LATER, "Walter Gropius was born first.", "wrong"),  # the loser's word for the winner
    (DIED_YOUNGER, "Évariste Galois died younger, at 20.", "correct"),
    (DIED_YOUNGER, "Franz Schubert died younger.", "wrong"),
])
def test_other_comparisons_and_short_forms(case, answer, want):
    request, truth = case
    assert verdict(answer, truth, request) == want


@pytest.mark.parametrize("request_text,asked", [
    ("When was Charles Darwin born?", "birth_year"),
    ("Tell me the birth year of Ernest Shackleton.", "birth_year"),
    ("What year did Edmund Hillary pass away?", "death_year"),
    ("At what age did Oliver Cromwell die?", "age"),
    ("How many years passed between the year Henry Cavendish was born and the year he died?",
     "age"),
    ("What is 17 times 23, plus 4?", "value"),
])
def test_the_asked_quantity(request_text, asked):
    from gba.evaluation.metrics import asked_quantity

    assert asked_quantity(request_text) == asked


def test_initials_are_not_sentence_ends():
    request, truth = SKINNER
    assert verdict("B. F. Skinner.", truth, request) == "correct"
    assert verdict("B. F. Skinner was born first. Sheikh Mujibur Rahman was born second.",
                   truth, request) == "correct"


def test_numbers_in_millions_are_read_at_their_scale():
    from gba.evaluation.metrics import answer_correct
    from gba.simulation.records import GroundTruth

    truth = GroundTruth(answer="2900000", value=2_900_000.0, tolerance=0.01)
    assert answer_correct("Lithuania has a population of 2.9 million.", truth)
    assert not answer_correct("Lithuania has a population of 2.9.", truth)
