"""Notebook helpers: trajectories as tables, a step-through viewer, and ask_user via a widget.

Needs the `notebooks` extra (ipywidgets, pandas, jupyter-ui-poll).

Leaves out anything the command line needs: it is for notebooks only.

>>> from gba.trajectory import Trajectory, Request
>>> steps_table(Trajectory(request=Request(text="hi"))).shape  # doctest: +SKIP
(0, 6)
"""

from __future__ import annotations

import html
import os
import time

from gba.text import clip
from gba.tools.ask_user import InputFn
from gba.trajectory import Trajectory


def steps_table(traj: Trajectory, width: int = 120):
    """The steps of a trajectory as a pandas DataFrame (one row per step)."""
    import pandas as pd

    rows = [{
        "step": s.index + 1, "tool": s.tool, "task": clip(s.plan.task, width),
        "observation": clip(s.observation, width), "planner_s": round(s.planner_s, 2),
        "tool_s": round(s.tool_s, 2),
    } for s in traj.steps]
    return pd.DataFrame(rows, columns=["step", "tool", "task", "observation", "planner_s",
                                       "tool_s"])


def _step_html(traj: Trajectory, i: int) -> str:
    s = traj.steps[i]
    esc = html.escape
    return (
        f"<b>Step {s.index + 1} of {len(traj.steps)}</b> — tool <code>{esc(s.tool)}</code><br>"
        f"<b>context:</b> {esc(s.plan.context_information_summary)}<br>"
        f"<b>thoughts:</b> {esc(s.plan.thoughts)}<br>"
        f"<b>task:</b> {esc(s.plan.task)}<br>"
        f"<b>observation:</b> <pre style='white-space:pre-wrap'>{esc(s.observation)}</pre>"
        f"<small>planner {s.planner_s:.2f}s ({s.planner_usage.completion_tokens} tokens), "
        f"tool {s.tool_s:.2f}s</small>"
    )


def step_viewer(traj: Trajectory):
    """An ipywidgets view to step through a trajectory with a slider."""
    import ipywidgets as w

    if not traj.steps:
        return w.HTML(f"<i>no steps</i> (status: {traj.status}, {traj.error or ''})")
    out = w.HTML(_step_html(traj, 0))
    slider = w.IntSlider(value=1, min=1, max=len(traj.steps), description="step")
    slider.observe(lambda change: setattr(out, "value", _step_html(traj, change["new"] - 1)),
                   names="value")
    footer = w.HTML(f"<b>status:</b> {traj.status} &nbsp; <b>answer:</b> "
                    f"{html.escape(traj.final_answer or '-')}")
    return w.VBox([slider, out, footer])


def widget_input(default: str = "", timeout_s: float | None = None) -> InputFn:
    """An ask_user input function that shows a text box and waits for the user's answer.

    The cell blocks (via jupyter-ui-poll) until the answer is submitted. If nobody answers
    within `timeout_s` (env `GBA_WIDGET_TIMEOUT`, default 300 s) — e.g. a headless run under
    nbval — the `default` answer is used and shown.
    """
    import ipywidgets as w
    from IPython.display import display

    limit = timeout_s if timeout_s is not None else float(os.environ.get("GBA_WIDGET_TIMEOUT", 300))

    def ask(question: str) -> str:
        from jupyter_ui_poll import ui_events

        box = w.Text(value=default, placeholder="your answer", layout=w.Layout(width="60%"))
        button = w.Button(description="Answer", button_style="primary")
        done: list[str] = []
        button.on_click(lambda _: done.append(box.value))
        box.on_submit(lambda _: done.append(box.value))
        display(w.VBox([w.HTML(f"<b>The agent asks:</b> {html.escape(question)}"),
                        w.HBox([box, button])]))
        deadline = time.monotonic() + limit
        with ui_events() as poll:
            while not done and time.monotonic() < deadline:
                poll(10)
                time.sleep(0.05)
        answer = done[0] if done else default
        button.disabled = box.disabled = True
        if not done:
            print(f"(no answer within {limit:.0f}s; using the default: {default!r})")
        return answer

    return ask
