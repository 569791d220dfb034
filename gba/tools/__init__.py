"""The tools a planner can pick: each turns an informal task into an action and returns an
observation (base.py says what a tool is).

Leaves out the retrieval engine behind the search tools (gba.retrieval) and the loop that
runs tools (gba.agent).
"""
