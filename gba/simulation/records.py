"""The records the simulation hands to packaging, training and evaluation.

- `GroundTruth` rides in `Request.ground_truth` (as a dict) for requests whose right answer is
  known (the scripted world, hand-written real requests);
- `Example` is one packaged training example: the exact prompt a role's model sees and the
  text it must produce.

>>> truth = GroundTruth(answer="395", value=395.0, tools=["calculate_number", "final_answer"])
>>> GroundTruth.from_request_dict(truth.model_dump()).value
395.0
>>> Example(id="r1:planner:0", request_id="r1", split="train", role="planner",
...         prompt="<|im_start|>user\\n...", completion="{}").role
'planner'
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

ROLES = ("planner", "calculate_number", "search_query", "search_answer", "function_arguments",
         "final_answer")
Role = Literal["planner", "calculate_number", "search_query", "search_answer",
               "function_arguments", "final_answer"]
SPLITS = ("train", "validation", "test_entities", "test_templates", "test_shapes",
          "test_phrasings")
Split = Literal["train", "validation", "test_entities", "test_templates", "test_shapes",
                "test_phrasings"]


class GroundTruth(BaseModel):
    """What a correct run of one request looks like.

    `answer` is the canonical answer text; `value` is set when the answer is a number (then a
    final answer is correct when it states a number within `tolerance`, relative). `tools` is
    the oracle's tool sequence (ending with final_answer); `min_steps` its length.
    `must_mention` lists strings a correct text answer contains (case-insensitive, any one).
    """

    answer: str
    value: float | None = None
    tolerance: float = Field(default=0.01, description="relative tolerance for numeric answers")
    must_mention: list[str] = Field(default_factory=list)
    tools: list[str] = Field(default_factory=list)
    template: str = ""
    kind: str = Field(default="", description="request family, e.g. arithmetic, lookup_calc")
    entities: list[str] = Field(default_factory=list)
    user_facts: dict[str, str] = Field(default_factory=dict,
                                       description="what the scripted user knows")
    split: str = ""
    details: dict[str, Any] = Field(default_factory=dict,
                                    description="template-specific data (oracle steps, inputs)")

    @property
    def min_steps(self) -> int:
        return len(self.tools)

    @classmethod
    def from_request_dict(cls, data: dict[str, Any] | None) -> GroundTruth | None:
        return None if data is None else cls.model_validate(data)


class Example(BaseModel):
    """One training example for one role: `prompt` is exactly what the role's model sees at
    inference (chat template applied), `completion` the target without the end-of-turn token
    (training appends it)."""

    id: str
    request_id: str
    split: Split
    role: Role
    prompt: str
    completion: str
    step: int = 0
    source: str = "scripted"
    template: str = Field(default="", description="the request's template or program shape")
