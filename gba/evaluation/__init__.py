"""Evaluation: run planners on request sets (scripted world or real tools), score them against
ground truth, and compare them with paired statistics.

    gba evaluate run --planner fine-tuned --set real --out runs/eval
    gba evaluate report runs/eval --out data/results

The judge's pass / bad-task / completion rates are judged.py's (the judge itself rates
trajectories in gba.simulation.judge); merged and quantized models run as planners through
`evaluate(model=...)`.

Leaves out producing trajectories outside an evaluation (gba.simulation, gba.batch).
"""
