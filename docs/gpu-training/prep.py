"""Tokenize the training examples of one or more lean-trainer configs into their run folders.

    python docs/gpu-training/prep.py configs/train/gpu-v12.yaml configs/train/gpu-v12-base.yaml

Each run folder then holds `batches.json.gz`, and `gba train CONFIG` trains from it on a
machine that has neither llama.cpp nor the dataset (gba.training.lean).
"""

import random
import sys
import time
from pathlib import Path

from gba.training.config import load_config
from gba.training.lean import make_batches

for path in sys.argv[1:]:
    started = time.perf_counter()
    config = load_config(path)
    run = Path(config.output_dir)
    run.mkdir(parents=True, exist_ok=True)
    batches = make_batches(config, random.Random(config.seed), run)
    tokens = sum(len(item[0]) for batch in batches.train for item in batch)
    print(f"{path}: {len(batches.train)} batches, {batches.train_examples} examples, "
          f"{tokens} tokens -> {run} ({time.perf_counter() - started:.0f} s)")
