"""Planners: zero-shot (tools described in the prompt) and fine-tuned (tools learned).

Leaves out tools and the loop (gba.tools, gba.agent).
"""

from gba.planner.base import Planner, Turn
from gba.planner.fine_tuned import FineTunedPlanner, planner_prompt
from gba.planner.schema import plan_model
from gba.planner.zero_shot import ZeroShotPlanner

__all__ = ["FineTunedPlanner", "Planner", "Turn", "ZeroShotPlanner", "plan_model", "planner_prompt"]
