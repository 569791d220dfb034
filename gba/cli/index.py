"""`gba index`: build and inspect the offline Wikipedia index.

Leaves out the index engine itself (gba.tools.search); the group is skipped when its
optional extra is missing.

>>> [c.name for c in COMMANDS]
['index']
"""

from __future__ import annotations

from gba.tools.search.cli import index

COMMANDS = [index]
