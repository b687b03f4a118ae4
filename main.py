"""Bidragskollen: start the window, or run a command.

python main.py                 the window
python main.py FILE.bidrag     the window, with that document
python main.py --demo          the window, with a copy of the demo document
python main.py COMMAND ...     the command line (python main.py --help)
"""

from __future__ import annotations

import sys

COMMANDS = {"catalogue", "new", "set", "add-cost", "add-payment", "summary", "export", "import", "history"}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and (args[0] in COMMANDS or args[0] in ("-h", "--help", "--version")):
        from cli import run_cli

        return run_cli(args)
    from ui.app import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
