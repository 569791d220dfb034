"""Old home of gba.retrieval.corpus: its public names, re-exported so existing imports keep
working. New code imports gba.retrieval.corpus."""

from gba.retrieval.corpus import *  # noqa: F401,F403
