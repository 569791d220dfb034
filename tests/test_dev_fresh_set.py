"""The fresh development set (data/requests/real_dev_fresh.jsonl): it loads by name, its answers
are what scripts/check_dev_fresh.py derives from the offline corpus, the given numbers and the
user's, the simulated user answers plausible questions with the right fact, and its entities
are held out of training and shared with no other request set."""

from __future__ import annotations

from collections import Counter

import pytest
import request_sets as shared

from gba.trajectory import request_set

ASKS = {"user_numbers", "lookup_user"}
SEARCHES = {"birth_year", "death_year", "lifespan", "event", "quantity", "lookup_user",
            "compare", "two_entities"}
KINDS = {"birth_year": 3, "death_year": 2, "lifespan": 3, "event": 5, "quantity": 6,
         "unit_conversion": 5, "word_problem": 8, "user_numbers": 6, "lookup_user": 4,
         "compare": 3, "two_entities": 3}
OTHER_SETS = ("real", "real-test", "real-broad-test", "real-dev-words", "real-dev-lookups",
              "real-dev-mixed")

# questions a planner could plausibly put to the user, and the user value each must get
PLANNER_QUESTIONS = {
    "devfresh-032": [("How much is your monthly internet bill?", "monthly"),
                     ("What do you pay for internet each month?", "monthly")],
    "devfresh-033": [("How much pocket money does your daughter get each week?", "weekly"),
                     ("What is her weekly allowance?", "weekly")],
    "devfresh-034": [("How many families are sharing the cottage?", "families"),
                     ("How many people are sharing the cost?", "families"),
                     ("What was the total cost of the cottage?", "cost"),
                     ("How much did the rental cost?", "cost")],
    "devfresh-035": [("How many pages do you have left to read?", "pages"),
                     ("How many days until the book is due?", "days"),
                     ("When do you have to return the book?", "days")],
    "devfresh-036": [("What is the area of your kitchen floor?", "area"),
                     ("How many square metres is the floor?", "area"),
                     ("How big is each tile?", "side"),
                     ("What size are the tiles?", "side")],
    "devfresh-037": [("What percentage of your salary goes into your pension?", "percent"),
                     ("How much do you contribute to your pension?", "percent"),
                     ("What is your monthly salary?", "salary"),
                     ("How much do you earn per month?", "salary")],
    "devfresh-038": [("In what year was your great-grandfather born?", "born"),
                     ("When was he born?", "born")],
    "devfresh-039": [("How far do you usually drive in a day?", "daily"),
                     ("What distance do you cover each day?", "daily")],
    "devfresh-040": [("What is the population of your town?", "people"),
                     ("How many people live in your town?", "people")],
    "devfresh-041": [("In what year was your dad born?", "born"),
                     ("When was your father born?", "born")],
}


@pytest.fixture(scope="module")
def fresh():
    return request_set("real-dev-fresh")


def test_records_validate_and_each_canonical_answer_scores(fresh):
    assert [r.id for r in fresh] == [f"devfresh-{i:03d}" for i in range(48)]
    assert Counter(r.ground_truth["kind"] for r in fresh) == KINDS
    shared.check_truths(fresh, ASKS, SEARCHES)


def test_each_user_fact_answers_a_question_with_one_of_its_keys(fresh):
    shared.check_fact_keys(fresh)


def test_plausible_planner_questions_get_the_right_number(fresh):
    shared.check_planner_questions(fresh, ASKS, PLANNER_QUESTIONS, _fact_texts)


def _fact_texts(rid: str) -> dict[str, str]:
    """Each user value's answer text, from the script's specs (by request id)."""
    dev = shared.load_scripts("check_dev_fresh")["check_dev_fresh"]
    spec = dev.spec_list()[int(rid.split("-")[1])]
    return {uf.name: uf.text for uf in spec.user}


def test_entities_are_held_out_and_in_no_other_set(fresh):
    assert len({e for r in fresh for e in r.ground_truth["entities"]}) == 35
    shared.check_apart(fresh, OTHER_SETS)


def test_no_request_is_in_the_solved_examples_bank(fresh):
    shared.check_not_in_bank(fresh)


def test_the_committed_file_is_what_the_evidence_check_writes():
    shared.check_committed("check_dev_fresh", "devfresh")
