"""The bank of solved calculations (gba.tools.examples) drawn from simulated trajectories.

Every calculation step of a correct trajectory of the *training* split gives one solved task
(the oracle's task and the code that answered it). Tasks repeat across requests of one
template, so at most `per_template` are kept for each template (word problems, one template
over many families and frames, get WORD_PROBLEM_SHARE times as many, the user's own numbers
a few times as many: SHARES), in the order the simulation wrote them; the same task text is
kept once.

Word problems can also be drawn straight from the story generator (`composed_word_problems`,
training frames only, the task worded as the oracle words it: "Calculate: <problem>"): more
of them than the simulated requests hold, since a small model copies the structure of the
nearest solved problem and structures are many.

Leaves out embedding and lookup (gba.tools.examples) and running the simulation
(gba.simulation.scripted; `gba simulate examples` runs both).

>>> from gba.trajectory import PlanRecord, Request, Step, Trajectory
>>> plan = PlanRecord(task="Multiply 3 by 4.", selected_tool="calculate_number")
>>> step = Step(index=0, plan=plan, tool="calculate_number", result={"code": "result = 3 * 4"})
>>> traj = Trajectory(request=Request(text="3 times 4?", ground_truth={"template": "mul"}),
...                   steps=[step])
>>> solved_calculations([traj])
[{'task': 'Multiply 3 by 4.', 'code': 'result = 3 * 4', 'template': 'mul'}]
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable

from gba.tools.periods import unexplained
from gba.trajectory import Trajectory

PER_TEMPLATE = 100
WORD_PROBLEMS = "word_problem"  # the template of composed stories: many families in one
WORD_PROBLEM_SHARE = 15  # their cap, in multiples of `per_template`
# templates composed from many quantities and operations, like word problems: the user's own
# numbers (gba.simulation.asks) and stories about the user; caps in multiples of `per_template`
SHARES = {WORD_PROBLEMS: WORD_PROBLEM_SHARE, "ask_calc": 8, "ask_fact_calc": 3, "ask_story": 2}


def _banned(task: str, texts: list[str]) -> bool:
    """Whether `task` contains one of `texts` (lower-cased already)."""
    low = task.lower()
    return any(text in low for text in texts)


def solved_calculations(trajectories: Iterable[Trajectory], per_template: int = PER_TEMPLATE,
                        exclude: Iterable[str] = ()) -> list[dict]:
    """The bank's rows: {"task", "code", "template"} of each calculation step that ran,
    leaving out tasks that contain any text of `exclude` (the evaluation sets' requests: a
    generated request can happen to equal one) and code the calculation tool refuses as
    scaling by a period its task does not name (gba.tools.periods: the speed stories of
    simulations before 2026-12-07 divided by minutes and 60 in a row)."""
    banned = [text.lower() for text in exclude]
    rows, seen, counts = [], set(), Counter()
    for traj in trajectories:
        template = str((traj.request.ground_truth or {}).get("template", ""))
        cap = per_template * SHARES.get(template, 1)
        for step in traj.steps:
            code = step.result.get("code") if step.error is None else None
            if step.tool != "calculate_number" or not code or step.task in seen:
                continue
            if _banned(step.task, banned) or unexplained(code, step.task):
                continue  # an evaluation request, or code the calculation tool would refuse
            if counts[template] >= cap:
                break
            seen.add(step.task)
            counts[template] += 1
            rows.append({"task": step.task, "code": code, "template": template})
    return rows


def composed_word_problems(count: int, seed: int = 0, exclude: Iterable[str] = (),
                           skip: Iterable[str] = ()) -> list[dict]:
    """`count` solved word problems from gba.simulation.stories (never its held-out frames),
    as bank rows; none whose task is in `skip` or contains a text of `exclude`, nor one whose
    code the calculation tool refuses.

    >>> [row["task"].startswith("Calculate: ") for row in composed_word_problems(2)]
    [True, True]
    """
    from gba.simulation.stories import compose
    from gba.tools.calculate import check_and_run, grounds_for

    rng = random.Random(seed)
    banned = [text.lower() for text in exclude]
    seen, rows = set(skip), []
    for _ in range(count * 20):
        if len(rows) >= count:
            break
        text, story = compose(rng)
        task = f"Calculate: {text}"  # as the oracle words a calculation of the whole request
        if task in seen or _banned(task, banned):
            continue
        if not check_and_run(story.code, grounds_for(text, task, [])).ok:
            continue  # a story the calculation tool's checks would refuse: none is shown
        seen.add(task)
        rows.append({"task": task, "code": story.code, "template": WORD_PROBLEMS})
    return rows
