"""The command line of onward payments and of every grant at a glance: municipalities, transfer, portfolio."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from cli import run_cli


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run_cli(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def blekinge(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    f = str(tmp_path / "blekinge.bidrag")
    code, _, err = run(capsys, "new", f, "--agreement", "gnv-2024", "--recipient", "Blekinge", "--kind", "rss")
    assert code == 0, err
    return f


def test_municipalities_of_the_county_and_refused_for_a_region(
    tmp_path: Path, blekinge: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "municipalities", blekinge, "--json")
    assert code == 0
    data = json.loads(out)
    assert {"code": "1080", "name": "Karlskrona"} in data and len(data) == 5
    region = str(tmp_path / "r.bidrag")
    run(capsys, "new", region, "--agreement", "gnv-2024", "--recipient", "Region Skåne")
    code, out, err = run(capsys, "municipalities", region)
    assert code == 2 and out == "" and "gäller en region" in err and err[-1] == "\n" and err.count("\n") == 1


def test_split_by_population_then_pay_and_return(
    tmp_path: Path, blekinge: str, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "befolkning.csv"
    key.write_text(
        "Kommun;Befolkning\nKarlskrona;66 675\nRonneby;28 900\nOlofström;13 100\nKarlshamn;32 500\nSölvesborg;17 800\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "transfer", blekinge, "--split", "4 000 000,01", "--key", "population", str(key))
    assert code == 0, err
    assert "4 000 000,01 kr fördelat på 5 kommuner efter befolkning" in out
    code, out, err = run(capsys, "transfer", blekinge, "--municipality", "Karlskrona kommun", "--amount", "1 000 000")
    assert code == 2 and "behöver ett datum" in err
    code, out, _ = run(
        capsys, "transfer", blekinge, "--municipality", "1080", "--amount", "1 000 000", "--date", "2024-03-01",
        "--reference", "V77",
    )  # fmt: skip
    assert code == 0 and "Karlskrona: 1 000 000 kr" in out
    run(capsys, "transfer", blekinge, "--municipality", "karlskrona", "--amount", "-2 500,50", "--date", "2024-12-20")
    run(capsys, "transfer", blekinge, "--municipality", "Ronneby", "--amount", "5", "--date", "2025-02-01")
    code, out, _ = run(capsys, "summary", blekinge, "--json")
    data = json.loads(out)
    kk = data["transfers"]["1080"]
    assert kk["name"] == "Karlskrona" and kk["paid"] == "1000000.00" and kk["returned"] == "2500.50"
    planned = [Decimal(v["planned"]) for v in data["transfers"].values()]
    assert sum(planned) == Decimal("4000000.01")
    # the transfer in 2025 lies outside the report period 2024: not counted, like every cost
    assert data["transfers"]["1081"]["paid"] == "0.00"
    assert data["costs"]["total"] == "997499.50"
    code, out, _ = run(capsys, "summary", blekinge)
    assert "utbetalt 1 000 000 kr, återbetalt 2 500,50 kr" in out


def test_bad_transfers_change_nothing(tmp_path: Path, blekinge: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = Path(blekinge).read_bytes()
    code, _, err = run(capsys, "transfer", blekinge, "--municipality", "Malmö", "--amount", "5", "--date", "2024-01-01")
    assert code == 2 and "annat län" in err
    code, _, err = run(capsys, "transfer", blekinge, "--municipality", "Karlskorna", "--amount", "5", "--planned")
    assert code == 2 and "Menar du Karlskrona" in err
    key = tmp_path / "k.txt"
    key.write_text("Karlskrona 10\nRonneby 20\n", encoding="utf-8")
    code, _, err = run(capsys, "transfer", blekinge, "--split", "100", "--key", "population", str(key))
    assert code == 2 and "saknar 3 av länets 5 kommuner" in err
    code, _, err = run(capsys, "transfer", blekinge, "--split", "100", "--key", "amounts", str(key))
    assert code == 2 and "Nyckeln saknar" in err
    assert Path(blekinge).read_bytes() == before


def test_equal_split(blekinge: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "transfer", blekinge, "--split", "100,02", "--key", "equal")
    assert code == 0 and out.count("avrundning +0,01 kr") == 2


def test_portfolio_lists_readable_documents_by_deadline_and_names_the_rest(
    tmp_path: Path, blekinge: str, capsys: pytest.CaptureFixture[str]
) -> None:
    old = str(tmp_path / "gammal.bidrag")
    run(capsys, "new", old, "--agreement", "gnv-2019", "--recipient", "Region Skåne")
    stream = "För omställning till god och nära vård"
    assert run(capsys, "set", old, f"allocation.{stream}=1 000 000")[0] == 0
    code, _, err = run(
        capsys, "add-cost", old, "--date", "2019-05-01", "--amount", "250 000", "--category", "Personal",
        "--stream", stream,
    )  # fmt: skip
    assert code == 0, err
    (tmp_path / "trasig.bidrag").write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    (tmp_path / "anteckning.txt").write_text("inte en redovisning", encoding="utf-8")
    lock_before = sorted(p.name for p in tmp_path.iterdir())
    code, out, err = run(capsys, "portfolio", str(tmp_path), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert [Path(d["path"]).name for d in data["documents"]] == ["gammal.bidrag", "blekinge.bidrag"]
    first = data["documents"][0]
    assert first["agreement"] == "gnv-2019" and first["year"] == 2019 and first["overdue"] is True
    assert (first["allocation"], first["costs"], first["remaining"]) == ("1000000.00", "250000.00", "750000.00")
    assert first["next_deadline"] == "2019-12-01"
    assert [Path(s["path"]).name for s in data["skipped"]] == ["trasig.bidrag"]
    assert "ingen Bidragskollen-redovisning" in data["skipped"][0]["reason"]
    assert sorted(p.name for p in tmp_path.iterdir()) == lock_before  # no lock file, no journal left
    code, out, _ = run(capsys, "portfolio", str(tmp_path))
    assert "FÖRSENAD gammal.bidrag" in out and "Hoppade över trasig.bidrag" in out
    code, _, err = run(capsys, "portfolio", str(tmp_path / "finns-inte"))
    assert code == 2 and "finns inte" in err
