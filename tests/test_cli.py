"""The command line: the done-when examples of the foundation issue and its error behaviour."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cli import run_cli

ROOT = Path(__file__).resolve().parent.parent


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run_cli(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_new_region_skane_2024_then_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = str(tmp_path / "skane.bidrag")
    code, out, _ = run(capsys, "new", f, "--agreement", "gnv-2024", "--recipient", "region skåne")
    assert code == 0 and "326 413 479 kr" in out
    code, out, _ = run(capsys, "summary", f)
    assert "Tilldelning: 326 413 479 kr" in out
    assert "321 131 063 kr" in out and "5 282 416 kr" in out
    code, out, _ = run(capsys, "summary", f, "--json")
    data = json.loads(out)
    assert data["allocation"] == {
        "total": "326413479.00",
        "streams": {"Nära vård": "321131063.00", "Ambulans": "5282416.00"},
    }
    assert data["deadlines"]["requisition"]["date"] == "2024-12-01"
    assert data["deadlines"]["report"]["date"] == "2025-03-31"


def test_costs_payments_and_fields_reach_the_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = str(tmp_path / "rss.bidrag")
    assert run(capsys, "new", f, "--agreement", "gnv-2024", "--recipient", "Skåne län")[0] == 0
    assert run(capsys, "add-payment", f, "--date", "2024-02-15", "--amount", "128 724 464")[0] == 0
    for amount, cat in (("1 234,50", "Personal"), ("1000.25", "lokaler"), ("99,25", "Personal")):
        code, _, err = run(
            capsys,
            "add-cost",
            f,
            "--date",
            "2024-03-01",
            "--amount",
            amount,
            "--category",
            cat,
            "--stream",
            "nära vård",
            "--text",
            "x",
        )
        assert code == 0, err
    code, _, err = run(capsys, "set", f, "org_number=222000-1362", "email=anna@kfsk.se", "attestation=alt1")
    assert code == 0, err
    data = json.loads(run(capsys, "summary", f, "--json")[1])
    assert data["received"] == "128724464.00"
    assert data["costs"]["total"] == "2334.00"
    assert data["costs"]["categories"] == {"Personal": "1333.75", "Lokaler": "1000.25"}
    assert data["unspent"] == "128722130.00"
    assert data["self_financed"] == "0.00"
    assert any(flag["key"] == "unspent" for flag in data["flags"])


def test_allocation_is_set_by_the_user_without_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = str(tmp_path / "a.bidrag")
    assert run(capsys, "new", f, "--agreement", "sjsv-2021", "--recipient", "Region Uppsala")[0] == 0
    from models.storage.document_file import Document

    with Document.open(f) as doc:
        stream = next(iter(doc.allocation()))
    code, _, err = run(capsys, "set", f, f"allocation.{stream.upper()}=1 000 000")
    assert code == 0, err
    data = json.loads(run(capsys, "summary", f, "--json")[1])
    assert data["allocation"]["streams"][stream] == "1000000.00"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["new", "{f}", "--agreement", "gnv-2024", "--recipient", "Narnia"], "Region Skåne"),
        (["new", "{f}", "--agreement", "gnv-1999", "--recipient", "Region Skåne"], "gnv-2024"),
        (["add-cost", "{doc}", "--date", "2024-03-01", "--amount", "12,3,4", "--category", "Personal"], "belopp"),
        (["add-cost", "{doc}", "--date", "1 mars", "--amount", "1", "--category", "Personal"], "ÅÅÅÅ-MM-DD"),
        (["add-cost", "{doc}", "--date", "2024-03-01", "--amount", "1", "--category", "Resor"], "Kostnadsslaget"),
        (["set", "{doc}", "org_number=232100-0256"], "kontrollsiffra"),
        (["set", "{doc}", "colour=red"], "inget fält"),
        (["set", "{doc}", "email"], "likhetstecken"),
        (["summary", "{missing}"], "finns inte"),
        (["summary", "{garbage}"], "ingen Bidragskollen"),
        (["add-payment", "{doc}", "--date", "2024-01-01"], "Fel i kommandot"),
    ],
)
def test_errors_are_one_sentence_exit_2_and_change_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    doc = tmp_path / "doc.bidrag"
    assert run(capsys, "new", str(doc), "--agreement", "gnv-2024", "--recipient", "Region Skåne")[0] == 0
    garbage = tmp_path / "garbage.bidrag"
    garbage.write_text("not a document")
    before = doc.read_bytes()
    names = {
        "f": str(tmp_path / "new.bidrag"),
        "doc": str(doc),
        "missing": str(tmp_path / "nope.bidrag"),
        "garbage": str(garbage),
    }
    code, _out, err = run(capsys, *[a.format(**names) for a in args])
    assert code == 2
    assert message in err
    assert "Traceback" not in err and err.strip().count("\n") == 0
    assert doc.read_bytes() == before
    assert not (tmp_path / "new.bidrag").exists()


def test_set_is_all_or_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = str(tmp_path / "d.bidrag")
    run(capsys, "new", f, "--agreement", "gnv-2024", "--recipient", "Region Skåne")
    code, _, _ = run(capsys, "set", f, "email=a@b.se", "org_number=1")
    assert code == 2
    from models.storage.document_file import Document

    with Document.open(f) as doc:
        assert doc.field("email") == ""


def test_existing_file_is_never_overwritten(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "d.bidrag"
    f.write_text("my precious notes")
    code, _, err = run(capsys, "new", str(f), "--agreement", "gnv-2024", "--recipient", "Region Skåne")
    assert code == 2 and "finns redan" in err
    assert f.read_text() == "my precious notes"


def test_catalogue_json_reproduces_bilaga_3(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(run(capsys, "catalogue", "--agreement", "gnv-2024", "--json")[1])
    skane = next(r for r in data["recipients"] if r["name"] == "Region Skåne")
    assert skane == {
        "name": "Region Skåne",
        "kind": "region",
        "county_code": "12",
        "population": 1422288,
        "allocation": {"Nära vård": "321131063.00", "Ambulans": "5282416.00"},
        "total": "326413479.00",
    }
    rss = next(r for r in data["recipients"] if r["name"] == "Skåne län")
    assert rss["allocation"] == {"Nära vård": "128724464.00"}


def test_main_py_runs_as_a_process_without_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "summary", str(tmp_path / "none.bidrag")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "finns inte" in result.stderr and "Traceback" not in result.stderr
    listing = subprocess.run([sys.executable, str(ROOT / "main.py"), "catalogue"], capture_output=True, text=True)
    assert listing.returncode == 0
    assert "gnv-2019" in listing.stdout and "sjsv-2021" in listing.stdout


def test_import_prints_counts_and_total_the_swedish_way_and_twice_adds_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = str(tmp_path / "skane.bidrag")
    assert run(capsys, "new", f, "--agreement", "gnv-2024", "--recipient", "region skåne")[0] == 0
    lines = ["Datum;Verifikation;Konto;Belopp;Text"]
    lines += [f"2024-03-{1 + i % 28:02d};A {i};7010;{i},25;Lön" for i in range(1, 1201)]
    ledger = tmp_path / "huvudbok.csv"
    ledger.write_text("\r\n".join(lines) + "\r\n", encoding="cp1252")
    assert sum(100 * i + 25 for i in range(1, 1201)) == 72_090_000  # öre: 720 900 kr
    code, out, _ = run(capsys, "import", f, str(ledger))
    assert code == 0
    assert out.splitlines() == [
        "Importerade 1 200 kostnader, 720 900 kr.",
        "Dubbletter som hoppades över: 0. Avvisade rader: 0.",
    ]
    code, out, _ = run(capsys, "import", f, str(ledger))
    assert out.splitlines()[1] == "Dubbletter som hoppades över: 1 200. Avvisade rader: 0."
    assert "(1 200 rader)" in run(capsys, "summary", f)[1]


def test_a_reader_that_stops_early_gets_no_error_message(tmp_path: Path) -> None:
    """`main.py catalogue --json | head -1`: the pipe closes, and nothing is said about it."""
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "catalogue", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader has gone before the program (which takes a while to start) writes
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1
    assert err == ""


def test_a_wrong_command_names_the_help_to_read(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["summary"]) == 2
    assert capsys.readouterr().err.strip().endswith("Se python main.py summary --help.")
    assert run_cli(["nosuch"]) == 2
    assert capsys.readouterr().err.strip().endswith("Se python main.py --help.")


def test_the_command_line_speaks_swedish_also_where_argparse_words_it(capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    assert run_cli(["summary"]) == 2
    assert "de här argumenten saknas: FILE" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        run_cli(["--help"])
    shown = capsys.readouterr().out
    assert shown.startswith("användning: main.py") and "visa den här hjälpen och avsluta" in shown
    assert "show" not in shown and "usage" not in shown
    assert argparse._("usage: ") == "usage: "  # other users of argparse in the process keep English


def test_a_mistyped_command_gets_an_answer_not_a_window(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "sumary", "x.bidrag"], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 2
    assert result.stderr.strip() == "Kommandot ”sumary” finns inte. Menade du summary? Se python main.py --help."


def test_set_takes_a_field_by_its_swedish_label_and_suggests_a_near_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = str(tmp_path / "d.bidrag")
    assert run(capsys, "new", f, "--agreement", "gnv-2024", "--recipient", "Region Skåne")[0] == 0
    assert run(capsys, "set", f, "kontaktperson=Anna Berg")[0] == 0  # the label, as the window shows it
    code, _, err = run(capsys, "set", f, "contact_name=Berit", "email=a@b.se")
    assert code == 2
    assert "”contact_name”" in err and "contact_person" in err and err.count("\n") == 1
    from models.storage.document_file import Document

    with Document.open(f) as doc:
        assert doc.field("contact_person") == "Anna Berg"
        assert doc.field("email") == ""  # nothing of the refused command
