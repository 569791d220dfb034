"""The llama-cpp-python version gba is built and tested against, stated once.

`gba.client.guided` drives llama-cpp-python internals and checks this version at import
time; the llama-server cache path uses it; scripts/build_llama_server.sh reads it from this
file. pyproject.toml repeats it (a packaging file cannot import it), and a test checks that
the two agree.

Leaves out every other dependency's version (pyproject.toml).

>>> LLAMA_CPP_PYTHON_VERSION.count(".")
2
"""

LLAMA_CPP_PYTHON_VERSION = "0.3.36"
