"""The wizard creates only usable documents (issue 12, point 5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli import run_cli
from tests.helpers import catalogue
from ui.interaction import ScriptedInteraction
from ui.settings import Settings
from ui.wizard import NewDocumentWizard


def test_only_kinds_with_streams_are_offered_and_a_zero_allocation_is_asked_for(qtbot, tmp_path: Path) -> None:
    wizard = NewDocumentWizard(catalogue(), Settings(last_folder=str(tmp_path)), ScriptedInteraction())
    qtbot.addWidget(wizard)
    wizard.show()
    combo = wizard.agreement_page.combo
    combo.setCurrentIndex(combo.findData("gnv-2019"))  # 2019: no money to the RSS
    wizard.next()
    kinds = wizard.kind_page
    assert not kinds.rss.isEnabled() and "inga medel" in kinds.rss.text()
    assert kinds.region.isEnabled() and kinds.region.isChecked()
    wizard.next()
    wizard.next()
    page = wizard.allocation_page
    assert wizard.currentPage() is page and page.edits  # no table: the amounts are typed
    assert not page.isComplete() and "0 kr" in page.problem.text()
    first = next(iter(page.edits.values()))
    first.setText("1 250 000")
    first.textEdited.emit("1 250 000")
    assert page.isComplete() and "1 250 000" in page.total.text().replace("\u00a0", " ")
    combo.setCurrentIndex(combo.findData("gnv-2024"))  # both kinds have streams in 2024
    wizard.back()
    wizard.back()
    wizard.back()
    wizard.next()
    assert kinds.rss.isEnabled() and kinds.region.isEnabled()


def test_new_refuses_a_kind_without_streams(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "rss.bidrag"
    assert run_cli(["new", str(f), "--agreement", "gnv-2019", "--recipient", "Skåne län"]) == 2
    err = capsys.readouterr().err
    assert "(2019) ger inga medel till RSS; välj region." in err and not f.exists()
