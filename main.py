"""Bidragskollen: start the window, or run a command.

python main.py                 the window
python main.py FILE.bidrag     the window, with that document
python main.py --demo          the window, with a copy of the demo document
python main.py COMMAND ...     the command line (python main.py --help)
"""

from __future__ import annotations

import sys

from cli import COMMANDS


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and (args[0] in COMMANDS or args[0] in ("-h", "--help", "--version")):
        from cli import run_cli

        return run_cli(args)
    if args and _mistyped_command(args[0]):
        import difflib

        from cli.names import INVOKED

        close = difflib.get_close_matches(args[0], sorted(COMMANDS), n=1)
        hint = f" Menade du {close[0]}?" if close else ""
        print(f"Kommandot ”{args[0]}” finns inte.{hint} Se {INVOKED} --help.", file=sys.stderr)
        return 2
    from ui.app import run_gui

    return run_gui(args)


def _mistyped_command(arg: str) -> bool:
    """A word that is no command, no option and no file (a document has a suffix, or exists): a
    command line with a typo, which should get an answer rather than a window."""
    from pathlib import Path

    return not arg.startswith("-") and not Path(arg).suffix and not Path(arg).exists()


if __name__ == "__main__":
    sys.exit(main())
