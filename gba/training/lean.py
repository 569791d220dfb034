"""A lean LoRA trainer for CPUs: the same recipe as `gba.training.sft`, less work per token.

Three things make it faster than the general trl trainer on a 2-core CPU: sequences are
tokenized by llama.cpp itself (the exact ids the model sees at inference, so no boundary
mismatch), batches group sequences of similar length under a token budget (little padding),
and the output layer runs only where the loss is taken (completion tokens), not over the
49k-word vocabulary at every prompt position. Examples are drawn per role by `role_weights`.
A wall-clock budget (`time_limit_minutes`) stops the run cleanly; the adapter is saved every
`save_every` steps and at the end.

A run killed at any moment resumes when started again with the same `output_dir`: the
adapter, optimizer, step, token count and elapsed time are saved together every `save_every`
steps, and the batches (drawn from the seed) already trained on are skipped. A folder with an
adapter but no trainer state (an older run) resumes from the adapter with a fresh optimizer
and a new warm-up. The time budget counts the time of every attempt together.

The examples are tokenized once per run and kept in `output_dir/batches.json.gz` (keyed by
the dataset's checksum and the sampling settings), so a resumed run starts at once, and a run
folder prepared on one machine trains on another that lacks llama.cpp and the dataset. On a
CUDA GPU the same loop runs there (bfloat16 autocast where the GPU has it), which is how a
long run fits into minutes of a lent GPU.

Leaves out multi-GPU, QLoRA and sequence packing (use `trainer: trl` for those).

>>> batches_by_tokens([([1] * 5, 2), ([1] * 3, 1), ([1] * 9, 4)], budget=12)
[[([1, 1, 1], 1), ([1, 1, 1, 1, 1], 2)], [([1, 1, 1, 1, 1, 1, 1, 1, 1], 4)]]
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import math
import random
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from gba.planner.fine_tuned import END_OF_TURN
from gba.planner.schema import DECISION_FIELDS
from gba.training.config import TrainConfig
from gba.training.sft import TrainResult

Encoded = tuple  # (token ids, number of prompt tokens[, positions of decision tokens])


def sample_examples(rows: list[dict[str, Any]], weights: dict[str, float], n: int,
                    rng: random.Random, first_steps: float | None = None,
                    balance: bool = False, templates: dict[str, float] | None = None
                    ) -> list[dict[str, Any]]:
    """`n` examples split across roles by `weights` (each role's share, in order); with
    `first_steps`, that share of the planner's are first steps (the request alone decides
    the tool there), and with `balance` those first steps choose each tool equally often.
    `templates` weighs examples by their request's template within each role's share (a
    weighted draw without replacement; weight 1 for templates not named)."""
    by_role: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_role.setdefault(row["role"], []).append(row)
    if first_steps is not None and "planner" in by_role:
        plans = by_role.pop("planner")
        by_role["planner:first"] = [r for r in plans if r.get("step") == 0]
        by_role["planner:later"] = [r for r in plans if r.get("step") != 0]
        share = weights.get("planner", 0.0)
        weights = {k: v for k, v in weights.items() if k != "planner"}
        weights |= {"planner:first": share * first_steps,
                    "planner:later": share * (1 - first_steps)}
    chosen: list[dict[str, Any]] = []
    for role, share in weights.items():
        pool = by_role.get(role, [])
        rng.shuffle(pool)
        if templates:  # Efraimidis-Spirakis: u ** (1 / w), largest first
            keys = {id(r): rng.random() ** (1.0 / templates.get(r.get("template", ""), 1.0))
                    for r in pool}
            pool.sort(key=lambda r: -keys[id(r)])
        if balance and role == "planner:first":
            chosen += balanced_by_tool(pool, int(n * share))
        else:
            chosen += pool[: int(n * share)]
    rng.shuffle(chosen)
    return chosen


def balanced_by_tool(plans: list[dict[str, Any]], n: int, repeat: int = 2) -> list[dict[str, Any]]:
    """`n` of `plans` (shuffled), each selected tool about equally often: a tool with few
    plans gives each at most `repeat` times and leaves the rest of its share to the others.

    >>> plans = [{"completion": f'{{"selected_tool": "{t}"}}'} for t in "aaaaaaab"]
    >>> sorted(p["completion"][-3] for p in balanced_by_tool(plans, 6))
    ['a', 'a', 'a', 'a', 'b', 'b']
    """
    by_tool: dict[str, list[dict[str, Any]]] = {}
    for plan in plans:
        by_tool.setdefault(json.loads(plan["completion"]).get("selected_tool", ""), []).append(plan)
    out: list[dict[str, Any]] = []
    pools = sorted(by_tool.values(), key=len)  # the scarcest first, so their shortfall is shared
    for i, pool in enumerate(pools):
        take = min((n - len(out)) // (len(pools) - i), repeat * len(pool))
        out += [pool[k % len(pool)] for k in range(take)]
    return out


def batches_by_tokens(items: list[Encoded], budget: int) -> list[list[Encoded]]:
    """Length-sorted batches whose padded size (rows x longest) stays within `budget`."""
    out: list[list[Encoded]] = []
    current: list[Encoded] = []
    for item in sorted(items, key=lambda e: len(e[0])):
        if current and (len(current) + 1) * len(item[0]) > budget:
            out.append(current)
            current = []
        current.append(item)
    if current:
        out.append(current)
    return out


def read_rows(path: Path) -> list[dict[str, Any]]:
    """The examples of one packaged split, as dicts."""
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


class Encoder:
    """Token ids of an example as llama.cpp (the inference runtime) tokenizes it: prompt +
    completion + end of turn, cut to `max_length`, with the prompt's length and, for a
    planner example, the positions of its decision tokens (gba.planner.schema.DECISION_FIELDS;
    one token earlier too, in case the value's first character merged with the quote)."""

    def __init__(self, tokenize: Any, max_length: int):
        self.tokenize, self.max_length = tokenize, max_length

    def __call__(self, row: dict[str, Any]) -> Encoded:
        prompt = self.tokenize(row["prompt"])
        full = self.tokenize(row["prompt"] + row["completion"] + END_OF_TURN)
        if full[: len(prompt)] != prompt:
            raise ValueError(f"example {row['id']}: prompt tokens are not a prefix of the "
                             "example's tokens; the prompt must end where the target begins")
        ids = full[: self.max_length]
        return ids, len(prompt), tuple(p for p in self.decisions(row) if p < len(ids))

    def decisions(self, row: dict[str, Any]) -> list[int]:
        if row.get("role") != "planner":
            return []
        out: list[int] = []
        for field, width in DECISION_FIELDS.items():
            at = row["completion"].find(f'"{field}": "')
            if at < 0:
                continue
            start = len(self.tokenize(row["prompt"] + row["completion"][: at + len(field) + 5]))
            out += range(max(start - 1, 0), start + width)
        return out


@dataclass
class Batches:
    """The run's batches: training ones in the seed's order, validation ones."""

    train: list[list[Encoded]]
    validation: list[list[Encoded]]
    train_examples: int


def make_batches(config: TrainConfig, rng: random.Random, run: Path | None = None) -> Batches:
    """Role-weighted training examples and the first validation examples, tokenized by the
    embedded model's llama.cpp tokenizer and grouped under the token budget. With `run`, the
    batches are read from (or first written to) `run/batches.json.gz` when its key matches."""
    cache = run / BATCHES if run is not None else None
    settings = settings_key(config)
    if cache is not None and cache.is_file():
        try:
            saved = json.loads(gzip.decompress(cache.read_bytes()))
        except (OSError, EOFError, ValueError):  # cut short or not ours: tokenize again
            print(f"{cache} is unreadable; tokenizing the examples again")
            saved = {}
        here = dataset_key(config) if config.dataset.is_dir() else None
        if saved.get("settings") == settings and (here is None or saved.get("dataset") == here):
            if here is None:
                print(f"{config.dataset} is not here: training on the batches tokenized from "
                      f"it before (dataset {saved.get('dataset')}, in {cache})")

            def as_items(bs: list) -> list[list[Encoded]]:
                return [[(i[0], i[1], *(tuple(m) for m in i[2:])) for i in b] for b in bs]

            return Batches(train=as_items(saved["train"]),
                           validation=as_items(saved["validation"]),
                           train_examples=saved["train_examples"])
    config.check_dataset()
    from gba.client.local import LocalClient

    weights = config.role_weights or {r: 1.0 / len(config.roles or [1]) for r in config.roles}
    chosen = sample_examples(read_rows(config.dataset / "train.jsonl"), weights,
                             config.max_train_examples or 2000, rng, config.first_step_share,
                             config.first_step_balance, config.template_weights)
    val_rows = read_rows(config.dataset / "validation.jsonl")
    rng.shuffle(val_rows)
    llama = LocalClient(config.base_model if config.base_model.endswith(".gguf") else None,
                        n_ctx=2048)
    encode = Encoder(llama.tokenize, config.max_length)
    train = batches_by_tokens([encode(r) for r in chosen], config.batch_tokens)
    rng.shuffle(train)
    validation = batches_by_tokens(
        [encode(r) for r in val_rows[: config.max_eval_examples or 60]], config.batch_tokens)
    out = Batches(train=train, validation=validation, train_examples=len(chosen))
    if cache is not None:
        tmp = cache.with_suffix(".tmp")
        tmp.write_bytes(gzip.compress(json.dumps(
            {"dataset": dataset_key(config), "settings": settings, "train": train,
             "validation": validation, "train_examples": len(chosen)}).encode(), 6))
        tmp.replace(cache)
    return out


BATCHES = "batches.json.gz"
SAMPLING = ("base_model", "roles", "role_weights", "first_step_share", "first_step_balance",
            "template_weights", "max_train_examples", "max_eval_examples", "max_length",
            "batch_tokens", "seed")


def dataset_key(config: TrainConfig) -> str:
    """The dataset files' checksum (the batches were drawn from their contents)."""
    digest = hashlib.sha256()
    for name in ("train.jsonl", "validation.jsonl"):
        digest.update(hashlib.sha256((config.dataset / name).read_bytes()).digest())
    return digest.hexdigest()[:16]


def settings_key(config: TrainConfig) -> str:
    """The checksum of the settings that decide which examples are drawn and how batched."""
    text = json.dumps(config.model_dump(mode="json", include=set(SAMPLING)), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def training_device() -> str:
    """"cuda" where torch sees a GPU, else "cpu"."""
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def batch_loss(model: Any, batch: list[Encoded], completion_only: bool,
               decision_weight: float = 1.0, bf16: bool = False) -> tuple[Any, int]:
    """Mean cross-entropy over the batch's target tokens (the completion, or everything but
    the first token), and how many there were; decision tokens count `decision_weight` times
    in the mean. The output layer runs only where the loss is taken. With `bf16` the
    matrix products run under bfloat16 autocast (the adapter's weights and the loss stay
    float32)."""
    import torch

    inner = model.base_model.model
    device = inner.lm_head.weight.device
    width = max(len(item[0]) for item in batch)
    ids = torch.zeros(len(batch), width, dtype=torch.long)
    mask = torch.zeros(len(batch), width, dtype=torch.long)
    labels = torch.full((len(batch), width), -100)
    weights = torch.ones(len(batch), width)
    for i, (tokens, n_prompt, *marks) in enumerate(batch):
        ids[i, : len(tokens)] = torch.tensor(tokens)
        mask[i, : len(tokens)] = 1
        start = n_prompt if completion_only else 1
        labels[i, start: len(tokens)] = torch.tensor(tokens[start:])
        if marks and marks[0] and decision_weight != 1.0:
            weights[i, list(marks[0])] = decision_weight
    ids, mask, labels, weights = (t.to(device) for t in (ids, mask, labels, weights))
    with torch.autocast(device.type, dtype=torch.bfloat16, enabled=bf16):
        hidden = inner.model(input_ids=ids, attention_mask=mask).last_hidden_state[:, :-1]
        target = labels[:, 1:]
        keep = target != -100
        logits = inner.lm_head(hidden[keep])
    losses = torch.nn.functional.cross_entropy(logits.float(), target[keep], reduction="none")
    w = weights[:, 1:][keep]
    return (losses * w).sum() / w.sum(), int(keep.sum())


def validation_loss(model: Any, batches: list[list[Encoded]], completion_only: bool,
                    bf16: bool = False) -> float:
    """Token-weighted mean loss over `batches`, without gradients."""
    import torch

    model.eval()
    with torch.no_grad():
        total = count = 0.0
        for batch in batches:
            loss, n = batch_loss(model, batch, completion_only, bf16=bf16)
            total, count = total + loss.item() * n, count + n
    model.train()
    return total / max(count, 1)


class Schedule:
    """The learning-rate factor of step `first + k`: linear warm-up (again after `rewarm`, for
    a fresh optimizer), then cosine down to 10% over the steps or the wall-clock budget,
    whichever runs out first, so a run cut by its time limit still ends annealed. The loop
    sets `elapsed` as time goes by.

    >>> f = Schedule(first=0, steps=10, warmup=2, limit_s=0)
    >>> round(f(0), 3), round(f(1), 3), round(f(9), 3)
    (0.5, 0.978, 0.122)
    """

    def __init__(self, first: int, steps: int, warmup: int, limit_s: float, rewarm: int = 0,
                 elapsed: float = 0.0):
        self.first, self.steps, self.warmup = first, steps, max(1, warmup)
        self.limit_s, self.rewarm, self.elapsed = limit_s, rewarm, elapsed

    def __call__(self, k: int) -> float:
        step = self.first + k
        done = max(step / self.steps, self.elapsed / self.limit_s if self.limit_s else 0.0)
        return min(1.0, (step - self.rewarm + 1) / self.warmup) * (0.1 + 0.45 * (1 + math.cos(
            math.pi * min(1.0, done))))


def make_optimizer(params: list, config: TrainConfig, saved: dict | None) -> Any:
    """AdamW on the adapter's weights, with an earlier attempt's state when there is one (the
    schedule restarts from the base rate)."""
    import torch

    optimizer = torch.optim.AdamW(params, lr=config.learning_rate, weight_decay=0.0)
    if saved is not None:
        optimizer.load_state_dict(saved)
        for group in optimizer.param_groups:
            group.pop("initial_lr", None)
            group["lr"] = config.learning_rate
    return optimizer


def train_lean(config: TrainConfig) -> TrainResult:
    """Run the lean trainer (resuming what an earlier attempt in `output_dir` saved); returns
    the record also written to `metrics.json`, the same one the trl path returns."""
    import torch
    from tqdm import tqdm

    from gba.training.base_model import base_dir
    from gba.training.sft import load_model, resolve_bf16

    run = Path(config.output_dir)
    run.mkdir(parents=True, exist_ok=True)
    (run / "config.json").write_text(config.model_dump_json(indent=2))
    torch.manual_seed(config.seed)
    bf16 = resolve_bf16(config.bf16)
    batches = make_batches(config, random.Random(config.seed), run)
    device = training_device()
    model = load_model(config, base_dir(config.base_model)).to(device)
    resumed = _resume(model, run)
    if config.init_adapter and not (run / "adapter" / "adapter_model.safetensors").exists():
        from gba.training.warm_start import load_into

        print(f"starting from {config.init_adapter} "
              f"({load_into(model, config.init_adapter)} LoRA tensors)")
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = make_optimizer(params, config, resumed["optimizer"])
    steps = len(batches.train) if config.max_steps < 0 else min(config.max_steps,
                                                                len(batches.train))
    first = resumed["step"]  # steps already done by earlier attempts
    schedule = Schedule(first, steps, config.warmup_steps, (config.time_limit_minutes or 0) * 60,
                        rewarm=first if resumed["fresh_optimizer"] else 0,
                        elapsed=resumed["elapsed_s"])
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
    validate = partial(validation_loss, model, batches.validation, config.completion_only_loss,
                       bf16=bf16)
    if resumed["history"]:
        history, tokens = resumed["history"], resumed["tokens"]
        started = time.perf_counter() - resumed["elapsed_s"]
    else:
        started, tokens = time.perf_counter(), 0
        history = [{"step": 0, "train_loss": "", "eval_loss": round(validate(), 4), "tokens": 0,
                    "elapsed_s": 0.0}]
    adapter = run / "adapter"
    step = first
    todo = batches.train[first:steps]
    if first and not todo:
        print(f"{run}: all {steps} planned steps are done already")
    for step, batch in enumerate(tqdm(todo, desc="train", unit="step", initial=first,
                                      total=steps), first + 1):
        loss, _ = batch_loss(model, batch, config.completion_only_loss, config.decision_weight,
                             bf16)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        schedule.elapsed = elapsed = time.perf_counter() - started
        scheduler.step()
        optimizer.zero_grad()
        tokens += sum(len(item[0]) for item in batch)
        row = {"step": step, "train_loss": round(loss.item(), 4), "eval_loss": "",
               "tokens": tokens, "elapsed_s": round(elapsed, 1)}
        if step % config.eval_every == 0:
            row["eval_loss"] = round(validate(), 4)
        history.append(row)
        if step % config.save_every == 0:
            _save(model, adapter, config, history, run, {
                "optimizer": optimizer, "step": step, "tokens": tokens, "elapsed_s": elapsed})
        if config.time_limit_minutes and elapsed > config.time_limit_minutes * 60:
            break
    val_loss = validate()
    seconds = time.perf_counter() - started
    history.append({"step": step, "train_loss": "", "eval_loss": round(val_loss, 4),
                    "tokens": tokens, "elapsed_s": round(seconds, 1)})
    _save(model, adapter, config, history, run, {
        "optimizer": optimizer, "step": step, "tokens": tokens,
        "elapsed_s": time.perf_counter() - started})
    return _finish(run, history, steps=steps, first=first, tokens=tokens, bf16=bf16,
                   seconds=time.perf_counter() - started, train_examples=batches.train_examples,
                   device=device)


def _finish(run: Path, history: list[dict], *, steps: int, first: int, tokens: int,
            seconds: float, train_examples: int, bf16: bool = False,
            device: str = "cpu") -> TrainResult:
    """The run's record (metrics.json) and its loss plot."""
    from gba.training.sft import plot_losses

    train_losses = [float(h["train_loss"]) for h in history if h["train_loss"] != ""]
    result = TrainResult(
        run_dir=str(run), adapter_dir=str(run / "adapter"), steps=int(history[-1]["step"]),
        train_examples=train_examples, train_tokens_seen=tokens,
        train_seconds=round(seconds, 1), tokens_per_second=round(tokens / seconds, 1),
        final_train_loss=train_losses[-1] if train_losses else None,
        final_eval_loss=round(float(history[-1]["eval_loss"]), 4), bf16=bf16, device=device,
        trainer="lean", planned_steps=steps, resumed_from_step=first,
        first_eval_loss=float(history[0]["eval_loss"]))
    (run / "metrics.json").write_text(result.model_dump_json(indent=2))
    plot_losses([{k: float(v) for k, v in row.items() if v != ""} for row in history],
                run / "loss.png")
    return result


def _save(model: Any, adapter: Path, config: TrainConfig, history: list[dict], run: Path,
          state: dict[str, Any]) -> None:
    """Adapter, loss history and trainer state, each written to a temporary name first so
    that a kill during a save leaves the previous save whole."""
    import torch
    from transformers import AutoTokenizer

    from gba.training.base_model import base_dir

    base = base_dir(config.base_model)
    model.save_pretrained(adapter)
    AutoTokenizer.from_pretrained(base).save_pretrained(adapter)
    (adapter / "base_model.txt").write_text(base + "\n")
    tmp = run / "loss.csv.tmp"
    with open(tmp, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(history[0]))
        writer.writeheader()
        writer.writerows(history)
    tmp.replace(run / "loss.csv")
    torch.save({"optimizer": state["optimizer"].state_dict(), "step": state["step"],
                "tokens": state["tokens"], "elapsed_s": state["elapsed_s"]},
               run / "trainer_state.pt.tmp")
    (run / "trainer_state.pt.tmp").replace(run / "trainer_state.pt")


def _resume(model: Any, run: Path) -> dict[str, Any]:
    """Load what an earlier attempt in `run` saved into `model`; describe where to go on."""
    import torch

    out: dict[str, Any] = {"step": 0, "tokens": 0, "elapsed_s": 0.0, "optimizer": None,
                           "history": [], "fresh_optimizer": False}
    weights = run / "adapter" / "adapter_model.safetensors"
    if not weights.exists():
        return out
    from peft import set_peft_model_state_dict
    from safetensors.torch import load_file

    set_peft_model_state_dict(model, load_file(str(weights)))
    history = _read_history(run / "loss.csv")
    state_file = run / "trainer_state.pt"
    if state_file.exists():
        state = torch.load(state_file, weights_only=False)
        out.update(step=state["step"], tokens=state["tokens"], elapsed_s=state["elapsed_s"],
                   optimizer=state["optimizer"])
    elif history:
        last = history[-1]
        out.update(step=int(last["step"]), tokens=int(last["tokens"]),
                   elapsed_s=float(last["elapsed_s"]), fresh_optimizer=True)
    out["history"] = [h for h in history if int(h["step"]) <= out["step"]]
    print(f"{run}: resuming after step {out['step']} ({out['tokens']} tokens, "
          f"{out['elapsed_s'] / 60:.1f} min so far"
          f"{'; fresh optimizer' if out['fresh_optimizer'] else ''})")
    return out


def _read_history(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, newline="") as f:
        return list(csv.DictReader(f))
