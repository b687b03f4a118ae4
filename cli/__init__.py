"""The command line. Every command calls the same domain functions as the window.

Errors are one Swedish sentence on stderr and exit status 2; never a traceback. This package is
split by command group: ``names`` says how the user starts it, ``base`` holds what every command
shares, each other module registers its commands with ``register(commands)``, and ``parser`` puts
them together. Importing the package itself is cheap: ``main.py`` reads ``COMMANDS`` from it to
tell a command from a file.
"""

from __future__ import annotations

# Every command name, for main.py's dispatch (kept here so that it need not import the parser).
COMMANDS = frozenset({"catalogue", "new", "set", "add-cost", "add-payment", "summary", "export", "import", "history"})
COMMANDS |= {"agreement", "decision", "repayment"}
COMMANDS |= {"municipalities", "transfer", "portfolio"}
COMMANDS |= {"sign", "verify"}
COMMANDS |= {"activity", "plan"}
COMMANDS |= {"rules", "reports", "profiles"}


def run_cli(argv: list[str]) -> int:
    from cli.parser import run

    return run(argv)
