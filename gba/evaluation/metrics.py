"""Scoring one trajectory against its ground truth.

>>> from gba.simulation.records import GroundTruth
>>> answer_correct("12.5% of 3,400 is 425.", GroundTruth(answer="425", value=425.0))
True
>>> answer_correct("Hegel was born first.", GroundTruth(answer="Hegel", must_mention=["Hegel"]))
True
>>> answer_correct(None, GroundTruth(answer="4", value=4.0))
False
"""

from __future__ import annotations

import re

from gba.simulation.records import GroundTruth
from gba.trajectory import Trajectory

NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


def numbers(text: str) -> list[float]:
    """Every number written in `text` ('3,400' -> 3400.0)."""
    out = []
    for match in NUMBER.findall(text):
        plain = match.replace(",", "")
        if plain.strip("-."):
            out.append(float(plain))
    return out


def answer_correct(answer: str | None, truth: GroundTruth) -> bool:
    """A numeric answer is correct when any number in it lies within the relative tolerance
    of the true value; a text answer when it names the answer (or any `must_mention`)."""
    if not answer:
        return False
    if truth.value is not None:
        tolerance = max(truth.tolerance * abs(truth.value), 1e-6)
        return any(abs(v - truth.value) <= tolerance for v in numbers(answer))
    low = answer.lower()
    return any(n.lower() in low for n in (truth.must_mention or [truth.answer]) if n)


def scripted_correct(traj: Trajectory) -> bool:
    """In the scripted world the final answer states the truth only when the steps gathered
    every needed fact (see gba.simulation.tools.ScriptedFinalAnswer)."""
    from gba.simulation.package import is_correct

    return is_correct(traj)


def step_agreement(tools: list[str], reference: list[str]) -> float:
    """Share of step positions where the tool is the oracle's, over the longer of the two
    sequences (so extra or missing steps count as disagreements).

    >>> step_agreement(["search_wikipedia", "final_answer"],
    ...                ["search_wikipedia", "calculate_number", "final_answer"])
    0.333
    """
    longest = max(len(tools), len(reference))
    if not longest:
        return 1.0
    return round(sum(a == b for a, b in zip(tools, reference, strict=False)) / longest, 3)


def score(traj: Trajectory, environment: str) -> dict:
    """Per-trajectory metrics: correctness, completion, errors, steps, oracle tool match."""
    truth = GroundTruth.from_request_dict(traj.request.ground_truth)
    if truth is None:
        raise ValueError(f"request {traj.request.id} has no ground truth to score against")
    correct = (scripted_correct(traj) if environment == "scripted"
               else answer_correct(traj.final_answer, truth))
    tools = [s.tool for s in traj.steps]
    return {"request": traj.request.id, "kind": truth.kind or truth.template,
            "correct": int(correct), "completed": int(traj.status == "completed"),
            "error": int(traj.status == "error"), "steps": len(traj.steps),
            "min_steps": truth.min_steps, "tools_as_oracle": int(tools == truth.tools),
            "step_tool_agreement": step_agreement(tools, truth.tools),
            "seconds": round(traj.duration_s, 2)}
