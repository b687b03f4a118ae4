"""argparse's own words in Swedish through the parser's public methods: nested messages, values, headings."""

from __future__ import annotations

import pytest

from cli import run_cli


def test_a_message_inside_an_argument_message_is_swedish_too(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["export", "x.bidrag", "--form", "bogus"]) == 2
    err = capsys.readouterr().err
    assert "argumentet --form: ogiltigt val: 'bogus' (välj bland 'redovisning', 'rekvisition')" in err
    assert run_cli(["history", "x.bidrag", "--limit", "tio"]) == 2
    assert "argumentet --limit: ogiltigt värde: 'tio'" in capsys.readouterr().err


def test_a_command_group_help_has_swedish_headings(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run_cli(["decision", "add", "--help"])
    shown = capsys.readouterr().out
    assert shown.startswith("användning: main.py decision add") and "\nargument:\n" in shown
    assert "\nflaggor:\n" in shown and "options" not in shown and "positional" not in shown
