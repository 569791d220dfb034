"""Agent simulation: the offline scripted world, the LLM-teacher simulation, the judge and
dataset packaging. Submodules import their heavy dependencies lazily."""
