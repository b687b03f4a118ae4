"""How the user starts the command line: the installed console program, or main.py from the sources."""

from __future__ import annotations

import sys

PROG = "bidragskollen-cli" if getattr(sys, "frozen", False) else "main.py"
INVOKED = PROG if getattr(sys, "frozen", False) else "python main.py"
