"""The Report: each variant's words as its seed writes them, and the figures of section 3."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from test_export_samples import FIELDS, sample_report

from models.missing import field_problems
from models.report import FORMS_DIR, load_wording, variant_labels

SEED_OF = {"2019": ["002"], "2021": ["004"], "2023": ["003", "000"]}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip()


@pytest.mark.parametrize("variant", sorted(SEED_OF))
def test_every_label_is_quoted_verbatim_from_its_seed(variant, seeds):
    for prefix in SEED_OF[variant]:
        seed = _norm(next(seeds.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8"))
        seed = seed.replace("Avvikelsena", "Avvikelserna").replace("(Bidrag - kostnader)", "(Bidrag – kostnader)")
        year = "2023" if prefix == "003" else "2024"
        for form in ("redovisning", "rekvisition"):
            for label in variant_labels(variant, form):
                if label.startswith("Alt 1: N.N. (ekonomichefen/"):  # split over two table cells in the seed
                    label = label.replace("intygar att", "intygar")[: label.index("intygar") + 7]
                assert _norm(label) in seed, (prefix, label)
        for paragraph in load_wording(variant)["intro"][1:]:
            assert _norm(paragraph.replace("{year}", year)) in seed


def test_variants_differ_where_the_seeds_differ():
    w = {v: load_wording(v) for v in ("2019", "2020", "2021", "2023")}
    assert w["2019"]["redovisning"]["title"] == "Ekonomisk berättelse"
    assert w["2020"]["appendix"] == "Bilaga 4"
    assert w["2020"]["redovisning"]["bidrag"]["paid"] == "Summa bidrag som utbetalats från Kammarkollegiet"
    assert w["2021"]["rekvisition"]["bidrag"]["period"] == "Period som rekvisitionen avser"
    assert w["2023"]["rekvisition"]["bidrag"]["period"] == "Rekvisitionen avser perioden"
    assert w["2023"]["redovisning"]["verksamhet"]["costs_intro"] == "Kostnader"
    assert "Avvikelserna" in w["2023"]["redovisning"]["granskning"]["alt2"]
    for v in w.values():  # every variant has the signature section 5 (the 2019 seed too)
        assert v["redovisning"]["underskrift"]["heading"] == "5. Underskrift i original av behörig företrädare"
    assert sorted(p.stem for p in FORMS_DIR.glob("*.json")) == ["2019", "2020", "2021", "2023"]
    for path in FORMS_DIR.glob("*.json"):
        assert "Avvikelsena" not in path.read_text(encoding="utf-8")
        json.loads(path.read_text(encoding="utf-8"))


def test_2024_intro_names_2024_and_2023_names_2023():
    r23, _ = sample_report("gnv-2023")
    r24, _ = sample_report("gnv-2024")
    assert "bedrivits under 2023" in r23.intro[1]
    assert "bedrivits under 2024" in r24.intro[1]


def test_section_3_specifies_costs_by_category_and_stream_and_sums_to_the_ore():
    report, costs = sample_report("gnv-2024")
    total = sum((c.amount for c in costs), Decimal("0.00"))
    groups = [r.label for r in report.rows() if r.kind == "group"]
    assert groups == ["Nära vård", "Ambulans"]
    for stream in groups:
        sub = report.rows()[[r.label for r in report.rows()].index(f"Summa {stream}")]
        expected = sum((c.amount for c in costs if c.stream == stream), Decimal("0.00"))
        assert sub.amount == expected
    assert report.row("costs_total").amount == total
    assert report.row("unspent").amount == report.figures["received"] - total
    with pytest.raises(KeyError):
        report.row("self_financed")


def test_one_stream_lists_categories_directly():
    report, costs = sample_report("sjsv-2021")
    assert not [r for r in report.rows() if r.kind == "group"]
    personal = sum((c.amount for c in costs if c.category == "Personal"), Decimal("0.00"))
    assert next(r for r in report.rows() if r.label == "Personal").amount == personal


def test_costs_above_the_grant_are_self_financed_and_nothing_is_unspent():
    report, costs = sample_report("gnv-2024", received=Decimal("100000.00"))
    total = sum((c.amount for c in costs), Decimal("0.00"))
    assert report.row("unspent").amount == 0
    row = report.row("self_financed")
    assert row.amount == total - Decimal("100000.00")
    assert row.label == "Kostnader utöver erhållet bidrag (egenfinansiering)"


def test_amounts_are_written_the_swedish_way():
    report, _ = sample_report("gnv-2024", n=199)  # a total with öre
    assert report.row("allocation").value == "326 413 479,00 kr"  # with öre, so the commas line up
    assert re.fullmatch(r"\d{1,3}( \d{3})*,\d\d kr", report.row("costs_total").value)


def test_missing_and_invalid_fields_are_each_named_in_a_sentence():
    fields = {**FIELDS, "org_number": "232100-0256", "email": ""}
    fields.pop("attestation")
    problems = field_problems(fields, "redovisning")
    assert "E-postadress saknas." in problems
    assert "Ekonomichefens bedömning saknas." in problems
    assert any(p.startswith("Organisationsnummer:") for p in problems)
    assert all(p.endswith(".") for p in problems)
    complete = {**FIELDS, "agreement_name": "God och nära vård 2024"}
    assert field_problems(complete, "redovisning") == []
    # the rekvisition needs the bankgiro but not the attestation
    rek = field_problems({k: v for k, v in complete.items() if k not in ("giro", "attestation")}, "rekvisition")
    assert rek == ["Bankgiro/Plusgiro saknas."]
    alt2 = field_problems({**complete, "attestation": "alt2"}, "redovisning")
    assert any("Alt 2" in p for p in alt2)
