"""The development set of mixed requests (data/requests/real_dev_mixed.jsonl): it loads by
name, its answers are what scripts/check_dev_mixed.py derives from the offline corpus and the
user's numbers, the simulated user answers plausible questions with the right fact, and its
entities are held out of training and shared with no other request set."""

from __future__ import annotations

from collections import Counter

import pytest
import request_sets as shared

from gba.trajectory import request_set

ASKS = {"user_numbers", "lookup_user"}
KINDS = {"user_numbers": 12, "lookup_user": 10, "compare": 10, "quantity": 6,
         "two_entities": 6}

# questions a planner could plausibly put to the user, and the user value each must get
PLANNER_QUESTIONS = {
    "devmix-000": [("How much is your monthly phone plan?", "monthly")],
    "devmix-001": [("How much was the electricity bill?", "bill"),
                   ("How many people live in the flat?", "people")],
    "devmix-002": [("How far is your commute each way?", "distance"),
                   ("How many kilometres do you drive to work?", "distance"),
                   ("What is your car's fuel consumption per 100 km?", "consumption"),
                   ("How many litres does your car use per 100 kilometres?", "consumption")],
    "devmix-003": [("How much can you save each week?", "weekly")],
    "devmix-004": [("How many times a week do you go to the gym?", "visits"),
                   ("How long is each gym session?", "hours")],
    "devmix-005": [("How much is your yearly car insurance premium?", "yearly")],
    "devmix-006": [("How much do you spend on coffee each day?", "daily")],
    "devmix-007": [("How many people are at the table?", "people"),
                   ("How much does each drink cost?", "price")],
    "devmix-008": [("How much do your streaming subscriptions cost per month?", "monthly")],
    "devmix-009": [("How much is a bus ticket?", "fare")],
    "devmix-010": [("How much is each paycheck, and how often are you paid?", "pay")],
    "devmix-011": [("How long did your run take?", "minutes"), ("How far did you run?", "km")],
    "devmix-012": [("In what year were you born?", "born")],
    "devmix-013": [("In what year was your grandmother born?", "born")],
    "devmix-014": [("How long is your daily walk?", "walk")],
    "devmix-015": [("In what year was your house built?", "built")],
    "devmix-016": [("When was your grandfather born?", "born")],
    "devmix-017": [("What is your usual highway speed?", "speed")],
    "devmix-018": [("What is the population of your hometown?", "people")],
    "devmix-019": [("What is the elevation of your town?", "m")],
    "devmix-020": [("In what year did you get married?", "married")],
    "devmix-021": [("How old are you?", "age")],
}


@pytest.fixture(scope="module")
def mixed():
    return request_set("real-dev-mixed")


def test_records_validate_and_each_canonical_answer_scores(mixed):
    assert [r.id for r in mixed] == [f"devmix-{i:03d}" for i in range(len(mixed))]
    assert Counter(r.ground_truth["kind"] for r in mixed) == KINDS
    shared.check_truths(mixed, ASKS)


def test_each_user_fact_answers_a_question_with_one_of_its_keys(mixed):
    shared.check_fact_keys(mixed)


def test_plausible_planner_questions_get_the_right_number(mixed):
    shared.check_planner_questions(mixed, ASKS, PLANNER_QUESTIONS, _fact_texts)


def _fact_texts(rid: str) -> dict[str, str]:
    """Each user value's answer text, from the script's specs (by request id)."""
    dev = shared.load_scripts("check_dev_mixed")["check_dev_mixed"]
    spec = dev.spec_list()[int(rid.split("-")[1])]
    return {uf.name: uf.text for uf in spec.user}


def test_entities_are_held_out_and_in_no_other_set(mixed):
    shared.check_apart(mixed, ("real", "real-test", "real-broad-test", "real-dev-words",
                        "real-dev-lookups"))


def test_no_request_is_in_the_solved_examples_bank(mixed):
    shared.check_not_in_bank(mixed)


def test_the_committed_file_is_what_the_evidence_check_writes():
    shared.check_committed("check_dev_mixed", "devmix")
