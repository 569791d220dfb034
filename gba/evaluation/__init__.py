"""Evaluation: run planners on request sets (scripted world or real tools), score them against
ground truth, and compare them with paired statistics.

    gba evaluate run --planner fine-tuned --set real --out runs/eval
    gba evaluate report runs/eval --out data/results

Left out so far: the LLM judge's pass / bad-task rates (the judge is not built yet), and
quantized merged models as planners (the adapter on the Q4_1 base is what is measured).
"""
