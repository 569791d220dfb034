"""Prompt-lookup drafts: guess the next tokens by finding the text's last few tokens earlier on.

An agent's model copies a lot: a plan's task repeats the request, a calculation copies the
numbers, an answer restates what a tool returned. When the last `n` tokens of the prompt and
output so far also occur earlier, the tokens that followed them there are a cheap guess of
what comes next. The decoder (gba.client.guided, `draft=True`) evaluates the guess in one
batch and keeps the tokens the model would have chosen anyway, so greedy output is unchanged
(up to near-ties: a batch's logits differ from one token's in the last bits) and the number
of forward passes drops. Off by default: on 2 AVX2 cores a batch of n tokens costs about
7 + 3.4 n ms against 10 ms for one, so the agent's generation time fell only to 0.96
(`benchmarks/lookup_decoding.py`, README "Speed").

Leaves out verification, the KV cache and sampling (gba.client.guided); draft models.

>>> propose([5, 6, 7, 8, 9, 1, 5, 6, 7], max_draft=3)
[8, 9, 1]
>>> propose([1, 2, 3, 4], max_draft=3)
[]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

NGRAMS = (4, 3)  # lengths of the tail looked up, longest first
MAX_DRAFT = 3  # tokens guessed at once
MISSES_ALLOWED = 2  # drafts whose first guess is wrong before a call stops guessing
MIN_HISTORY = 4  # no guess from a history shorter than this


def propose(history: Sequence[int] | np.ndarray, *, max_draft: int = MAX_DRAFT,
            ngrams: Sequence[int] | None = None) -> list[int]:
    """Up to `max_draft` tokens that followed the latest earlier occurrence of the longest
    tail of `history` (of a length in `ngrams`) that occurs earlier; [] when none does.

    >>> propose([1, 2, 3, 9, 9, 2, 3], max_draft=2, ngrams=(2,))  # "2 3": "9 9" followed it
    [9, 9]
    >>> propose([4, 4, 4, 4, 4], max_draft=2)
    [4]
    """
    tokens = np.asarray(history, dtype=np.int64)
    size = len(tokens)
    if max_draft <= 0 or size < MIN_HISTORY:
        return []
    for n in ngrams or NGRAMS:
        if size <= n:
            continue
        tail = tokens[size - n:]
        # starting points of every earlier window equal to the tail (not the tail itself)
        hits = np.ones(size - n, dtype=bool)
        for offset in range(n):
            hits &= tokens[offset:size - n + offset] == tail[offset]
        starts = np.flatnonzero(hits)
        if starts.size:
            begin = int(starts[-1]) + n
            return tokens[begin:min(begin + max_draft, size)].tolist()
    return []
