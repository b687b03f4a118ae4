"""The desktop window (PySide6). Thin views over the Qt-free domain in models/.

Importing this package first keeps ``None`` alive for the rest of the process (``keep_none_alive``): PySide6
6.12 on Python 3.11 drops a reference to ``None`` in every Qt call that returns nothing (``setText``,
``setItem``, ``setFlags``, …). A few thousand such calls (a summary listing 1 000 duplicates, an hour of
clicking) free ``None`` itself and the process aborts ("Fatal Python error: deallocating None"), losing
whatever the user had typed. Python 3.12 made ``None`` immortal; on 3.11 its count is raised so far that no
session can bring it down to zero, which is what 3.12 does. Every entry to the window (``main.py``, the tests,
``docs/screenshots.py``, ``bench/``) imports ``ui`` before it makes any Qt call.
"""

from __future__ import annotations

import sys

_MARGIN = 1 << 48  # references added to None: at a million dropped a second, nine years to use up
_kept = False


def keep_none_alive() -> bool:
    """Raise ``None``'s reference count by ``_MARGIN`` on a Python where ``None`` is not immortal; True when
    done (once per process). Done only where the count is where CPython keeps it (the first field of the
    object), checked against ``sys.getrefcount`` before and after."""
    global _kept
    if sys.version_info >= (3, 12) or _kept:
        return False
    import ctypes

    count = ctypes.c_ssize_t.from_address(id(None))
    before = sys.getrefcount(None)
    if abs(count.value - before) > 16:  # not the layout we know (a debug build): leave it
        return False
    count.value += _MARGIN
    if sys.getrefcount(None) - before < _MARGIN - 16:
        count.value -= _MARGIN
        return False
    _kept = True
    return True


keep_none_alive()
