"""Cyclic garbage collection paused for bulk work.

Reading and importing 100 000 rows builds hundreds of thousands of tuples and lists but no reference
cycles; with the collector running, a large share of the time goes to it scanning them over and over
(measured in docs/performance.md).
Reference counting still frees everything as usual; only the cycle search waits until the step ends.

When the step ends, what it built (100 000 rows of an import plan, say) would all be "young" objects,
and the collector's first pass after the pause would walk every one of them. They are
moved to the oldest generation instead (``gc.freeze`` then ``gc.unfreeze``, which only relinks the
lists), where they are looked at in the next full collection: cycles among them are still found then.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Use as ``with gc_paused():`` or as a decorator ``@gc_paused()``."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.freeze()  # every tracked object to the permanent generation, the young counts reset …
            gc.unfreeze()  # … and back into the oldest generation, unscanned
            gc.enable()
