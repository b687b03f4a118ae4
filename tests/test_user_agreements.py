"""User agreements: the user catalogue, the team folder, export/import and the ``agreement`` commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli import run_cli
from models.catalogue.agreement_data import agreement_data, new_agreement_data, set_value
from models.catalogue.check import agreement_from_data, load_catalogue
from models.catalogue.user import (
    export_agreement,
    import_agreement,
    load_full_catalogue,
    save_user_agreement,
    set_team_folder,
    user_agreements_dir,
)
from models.errors import UserError


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run_cli(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_every_built_in_agreement_survives_the_round_trip_through_its_data() -> None:
    cat = load_catalogue()
    for a in cat.agreements.values():
        data = agreement_data(a)
        again = agreement_from_data(json.loads(json.dumps(data)), tuple(cat.recipients.values()), f"{a.id}.json")
        assert again == a, a.id
        assert agreement_data(again) == data


def test_new_from_a_template_copies_streams_form_annex_payer_and_nothing_else() -> None:
    cat = load_full_catalogue()
    template = cat.agreement("gnv-2024")
    data = new_agreement_data(template, "gnv-2026", "God och nära vård 2026", 2026)
    agreement = save_user_agreement(data, cat)
    assert [(s.name, s.kinds) for s in agreement.stream_specs] == [
        ("Nära vård", ("region", "rss")),
        ("Ambulans", ("region",)),
    ]
    assert (agreement.form, agreement.payer, agreement.no_requisition) == ("2023", template.payer, False)
    assert agreement.tables == () and agreement.notes == () and agreement.group_totals == {}
    assert agreement.skr_arende is None and agreement.dnr is None
    assert str(agreement.period_start) == "2026-01-01" and str(agreement.period_end) == "2026-12-31"
    assert {k: str(v) for k, v in agreement.deadlines.items()} == {
        "requisition": "2026-12-01",
        "repayment": "2027-03-31",
        "report": "2027-03-31",
    }
    # saved as a file in the user folder, and found again by the next start
    assert (user_agreements_dir() / "gnv-2026.json").is_file()
    again = load_full_catalogue()
    assert again.agreement("gnv-2026") == agreement and again.origin("gnv-2026") == "user"
    assert again.origin("gnv-2024") == "builtin"


def test_year_moves_period_and_deadlines_until_they_are_set_otherwise() -> None:
    cat = load_full_catalogue()
    data = new_agreement_data(cat.newest(), "psh-2026", "Psykisk hälsa 2026", 2026)
    moved = set_value(data, "year", "2027")
    assert moved["deadlines"]["requisition"] == "2027-12-01" and moved["period"]["end"] == "2027-12-31"
    own = set_value(data, "deadlines.requisition", "2026-11-15")
    kept = set_value(own, "year", "2027")
    assert kept["deadlines"]["requisition"] == "2026-11-15" and kept["year"] == 2027


def test_a_user_agreement_with_a_built_in_id_is_refused_and_nothing_is_written() -> None:
    cat = load_full_catalogue()
    data = new_agreement_data(cat.newest(), "gnv-2024", "Kopia", 2026)
    with pytest.raises(UserError, match="inbyggd"):
        save_user_agreement(data, cat)
    assert not user_agreements_dir().exists() or not list(user_agreements_dir().iterdir())
    assert cat.agreement("gnv-2024").year == 2024


def test_a_broken_user_file_is_named_and_left_out_and_the_rest_still_loads() -> None:
    cat = load_full_catalogue()
    save_user_agreement(new_agreement_data(cat.newest(), "gnv-2026", "God och nära vård 2026", 2026), cat)
    folder = user_agreements_dir()
    (folder / "trasig.json").write_text('{"format": 1, "id": "trasig"', encoding="utf-8")
    (folder / "gnv-2023.json").write_text(
        json.dumps(agreement_data(cat.agreement("gnv-2023"))), encoding="utf-8"
    )  # a built-in id
    again = load_full_catalogue()
    assert "gnv-2026" in again.agreements and "trasig" not in again.agreements
    assert again.origin("gnv-2023") == "builtin"
    text = " ".join(again.problems)
    assert "trasig.json" in text and "ogiltig JSON" in text
    assert "gnv-2023.json" in text and "inbyggd" in text


def test_export_then_import_on_another_machine(tmp_path: Path) -> None:
    cat = load_full_catalogue()
    data = set_value(new_agreement_data(cat.newest(), "ambulans-2026", "Ambulans 2026", 2026), "annex", "Bilaga 2")
    saved = save_user_agreement(data, cat)
    out = export_agreement("ambulans-2026", tmp_path, cat)
    assert out.name == "ambulans-2026.overenskommelse.json"
    (user_agreements_dir() / "ambulans-2026.json").unlink()  # "another machine"
    other = load_full_catalogue()
    assert "ambulans-2026" not in other.agreements
    imported = import_agreement(out, other)
    assert imported == saved and imported.annex == "Bilaga 2"
    with pytest.raises(UserError, match="finns redan"):
        import_agreement(out, other)


def test_a_malformed_file_from_a_colleague_is_refused_naming_the_file_and_the_problem(tmp_path: Path) -> None:
    cat = load_full_catalogue()
    data = agreement_data(cat.agreement("gnv-2024")) | {"id": "kollega-2026", "year": "2026"}
    bad = tmp_path / "kollega.overenskommelse.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(UserError) as err:
        import_agreement(bad, cat)
    assert "kollega.overenskommelse.json" in str(err.value) and "”year”" in str(err.value)
    assert "kollega-2026" not in load_full_catalogue().agreements


def test_the_team_folder_is_a_further_read_only_catalogue(tmp_path: Path) -> None:
    team = tmp_path / "team"
    team.mkdir()
    cat = load_full_catalogue()
    data = new_agreement_data(cat.newest(), "kvinnor-2026", "Kvinnors hälsa 2026", 2026)
    (team / "kvinnor-2026.json").write_text(json.dumps(data), encoding="utf-8")
    (team / "halv.json").write_text("{", encoding="utf-8")
    set_team_folder(team)
    cat = load_full_catalogue()
    assert cat.origin("kvinnor-2026") == "team"
    assert any("halv.json" in p for p in cat.problems)
    with pytest.raises(UserError, match="teammappen"):
        save_user_agreement(set_value(data, "name", "Min version"), cat)
    set_team_folder(tmp_path / "borta")
    cat = load_full_catalogue()
    assert "kvinnor-2026" not in cat.agreements and any("nås inte" in p for p in cat.problems)


def test_agreement_commands_as_the_issue_writes_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "agreement", "new", "gnv-2026", "--from", "gnv-2024", "--name", "God och nära vård 2026",
        "--year", "2026", "--skr-arende", "SKR2025/03020", "--dnr", "S2025/05678", "--payer", "Kammarkollegiet",
    )  # fmt: skip
    assert code == 0, err
    assert "rekvisition senast 2026-12-01" in out
    code, out, err = run(capsys, "agreement", "set", "gnv-2026", "no_requisition=ja", "annex=Bilaga 2", "form=2021")
    assert code == 0, err
    code, _, err = run(capsys, "agreement", "streams", "gnv-2026", "Nära vård:region,rss", "Psykisk hälsa:rss")
    assert code == 0, err
    a = load_full_catalogue().agreement("gnv-2026")
    assert (a.skr_arende, a.dnr, a.payer, a.no_requisition, a.annex, a.form) == (
        "SKR2025/03020",
        "S2025/05678",
        "Kammarkollegiet",
        True,
        "Bilaga 2",
        "2021",
    )
    assert a.streams_for("rss") == ("Nära vård", "Psykisk hälsa") and a.streams_for("region") == ("Nära vård",)
    code, out, _ = run(capsys, "catalogue")
    line = next(line for line in out.splitlines() if line.startswith("gnv-2026"))
    assert "egen" in line and "2026" in line
    assert "inbyggd" in next(line for line in out.splitlines() if line.startswith("gnv-2024"))
    # a document of a user agreement exactly as of a built-in one
    doc = str(tmp_path / "psh.bidrag")
    code, _, err = run(capsys, "new", doc, "--agreement", "gnv-2026", "--recipient", "Skåne län")
    assert code == 0, err
    code, out, _ = run(capsys, "summary", doc, "--json")
    summary = json.loads(out)
    assert summary["allocation"]["streams"] == {"Nära vård": "0.00", "Psykisk hälsa": "0.00"}
    out_file = tmp_path / "delad.overenskommelse.json"
    assert run(capsys, "agreement", "export", "gnv-2026", str(out_file))[0] == 0
    assert run(capsys, "agreement", "delete", "gnv-2026")[0] == 0
    assert "gnv-2026" not in load_full_catalogue().agreements
    code, out, err = run(capsys, "agreement", "import", str(out_file))
    assert code == 0 and "Importerade gnv-2026" in out, err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("agreement", "new", "gnv-2024", "--name", "X", "--year", "2026"), "inbyggd"),
        (("agreement", "new", "Ny Överenskommelse", "--name", "X", "--year", "2026"), "gemena"),
        (("agreement", "new", "x-2026", "--name", "X", "--year", "tjugo"), "inget år"),
        (("agreement", "set", "gnv-2024", "year=2030"), "inbyggd"),
        (("agreement", "delete", "finns-inte"), "finns inte"),
        (("agreement", "import", "saknas.overenskommelse.json"), "finns inte"),
    ],
)
def test_agreement_command_mistakes_get_one_swedish_sentence(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], words: str
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert words in err and "Traceback" not in err and err.count("\n") == 1


def test_set_and_streams_mistakes_change_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "agreement", "new", "x-2026", "--name", "X", "--year", "2026")[0] == 0
    before = (user_agreements_dir() / "x-2026.json").read_bytes()
    code, _, err = run(capsys, "agreement", "set", "x-2026", "year=2027", "deadlines.report=31 mars")
    assert code == 2 and "ÅÅÅÅ-MM-DD" in err
    code, _, err = run(capsys, "agreement", "streams", "x-2026", "Nära vård:kommun")
    assert code == 2 and "NAMN:MOTTAGARTYPER" in err
    assert (user_agreements_dir() / "x-2026.json").read_bytes() == before
