"""``agreement table``: the command line reads a table into a user agreement, or only shows it."""

from __future__ import annotations

import io
import json
import shlex
from pathlib import Path

import pytest

from cli import run_cli
from models.catalogue.user import load_full_catalogue, user_agreements_dir

BILAGA_3 = """Bilaga 3. Medel till regionerna
Region Befolkning Nära vård (kronor) Ambulans (kronor) Totalt (kronor)
Region Skåne 1 422 288 321 131 063 5 282 416 326 413 479
Region Halland 343 989 80 761 168 1 656 656 82 417 824
Totalt 1 766 277 401 892 231 6 939 072 408 831 303
"""


def run(capsys: pytest.CaptureFixture[str], command: str) -> tuple[int, str, str]:
    code = run_cli(shlex.split(command))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def own(capsys: pytest.CaptureFixture[str]) -> str:
    code, _, err = run(capsys, "agreement new gnv-2026 --from gnv-2024 --name 'God och nära vård 2026' --year 2026")
    assert code == 0, err
    return "gnv-2026"


def saved(agreement_id: str) -> dict:
    return json.loads((user_agreements_dir() / f"{agreement_id}.json").read_text(encoding="utf-8"))


def test_json_output_and_the_table_is_saved_at_once(capsys, own, tmp_path: Path):
    (tmp_path / "b3.txt").write_text(BILAGA_3, encoding="utf-8")
    code, out, err = run(capsys, f"agreement table {own} --kind region {tmp_path / 'b3.txt'} --json")
    assert code == 0, err
    data = json.loads(out)
    assert data == {
        "rows": 2,
        "recipients": {
            "Region Skåne": {"Nära vård": "321131063.00", "Ambulans": "5282416.00"},
            "Region Halland": {"Nära vård": "80761168.00", "Ambulans": "1656656.00"},
        },
        "warnings": ["Bilaga 3 (gnv-2026) saknar rader för 19 av 21 mottagare."],
    }
    table = saved(own)["tables"][0]
    assert table["rows"][0] == ["Region Skåne", 1422288, 321131063, 5282416, 326413479]
    assert saved(own)["groups"]["region"]["per_stream"] == {"Nära vård": 401892231, "Ambulans": 6939072}
    agreement = load_full_catalogue().agreement(own)
    assert str(agreement.allocation_for("region-13")["Nära vård"]) == "80761168.00"
    assert agreement.warnings == ("Bilaga 3 (gnv-2026) saknar rader för 19 av 21 mottagare.",)


def test_typed_totals_that_differ_are_warnings_and_the_table_is_kept(capsys, own, tmp_path: Path):
    (tmp_path / "b3.txt").write_text(BILAGA_3, encoding="utf-8")
    code, out, _ = run(
        capsys, f"agreement table {own} --kind region {tmp_path / 'b3.txt'} --total 'Ambulans=7 000 000'"
    )
    assert code == 0
    assert (
        "Varning: Bilaga 3 (gnv-2026): Totalt för ”Ambulans (kronor)” är 6 939 072 kr "
        "men överenskommelsen anger 7 000 000 kr" in out
    )
    assert "Region Skåne" in out and "321 131 063" in out
    assert saved(own)["groups"]["region"]["per_stream"]["Ambulans"] == 7000000


def test_dry_run_and_standard_input_save_nothing(capsys, own, monkeypatch):
    before = saved(own)
    monkeypatch.setattr("sys.stdin", io.StringIO(BILAGA_3))
    code, out, err = run(capsys, f"agreement table {own} --kind region - --dry-run")
    assert code == 0, err
    assert "Provkörning: ingenting sparades (2 rader)." in out
    assert saved(own) == before


def test_a_row_to_decide_refuses_with_one_sentence_and_saves_nothing(capsys, own, tmp_path: Path):
    before = saved(own)
    text = "Region Nära vård (kronor) Ambulans (kronor) Totalt (kronor)\nRegion Skåne 100 100 100 100 200\n"
    text += "Region Halland 5 7 12\n"
    (tmp_path / "t.txt").write_text(text, encoding="utf-8")
    code, out, err = run(capsys, f"agreement table {own} --kind region {tmp_path / 't.txt'}")
    assert code == 2 and out == ""
    assert err.strip() == (
        "Tabellen sparades inte: rad 2 (”Region Skåne”) kan delas på 2 sätt som alla summerar; välj rätt; "
        "skriv raden med tabbar mellan cellerna och rätt namn, eller läs in tabellen i fönstret "
        "(Arkiv → Överenskommelser…)."
    )
    assert saved(own) == before


@pytest.mark.parametrize(
    ("command", "message"),
    [
        ("agreement table gnv-2024 --kind region {f}", "är inbyggd i programmet och kan inte ändras"),
        ("agreement table {own} --kind region {d}/saknas.txt", "Filen {d}/saknas.txt finns inte"),
        ("agreement table {own} --kind rss {f}", "Strömmen Ambulans"),
    ],
)
def test_refusals(capsys, own, tmp_path: Path, command, message):
    (tmp_path / "b3.txt").write_text(BILAGA_3, encoding="utf-8")
    before = saved(own)
    code, out, err = run(capsys, command.format(own=own, f=tmp_path / "b3.txt", d=tmp_path))
    assert code == 2 and out == ""
    assert message.format(d=tmp_path).casefold() in err.casefold()
    assert len(err.strip().splitlines()) == 1
    assert saved(own) == before
