"""gba: small planners for ReAct-style agents, with planning separated from function calling.

Importing `gba` is cheap: heavy dependencies (llama.cpp, torch, faiss, openai) load only in
the modules that use them.

Leaves out re-exports: import from the submodules.

>>> import gba
>>> gba.__version__
'0.1.0'
"""

__version__ = "0.1.0"
