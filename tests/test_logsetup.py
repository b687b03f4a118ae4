"""The log file: the window holds its first records in memory until after its first paint, then writes them."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler

from models.system.logsetup import hold_logging, setup_logging


def test_records_held_before_the_file_is_opened_are_written_first(monkeypatch) -> None:
    logger = logging.getLogger("bidragskollen")
    monkeypatch.setattr(logger, "handlers", [])
    path = hold_logging()
    assert hold_logging() == path and len(logger.handlers) == 1  # held once
    logging.getLogger("bidragskollen.settings").warning("Inställningsfilen kunde inte läsas")
    logger.info("Fönstret startat")
    assert not path.exists()  # nothing written yet: the file's handler comes after the paint
    assert setup_logging() == path
    assert setup_logging() == path  # once
    logger.info("Efter målningen")
    assert [type(h) for h in logger.handlers] == [RotatingFileHandler]
    logger.handlers[0].close()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [line.split(": ", 1)[1] for line in lines] == [
        "Inställningsfilen kunde inte läsas",
        "Fönstret startat",
        "Efter målningen",
    ]
    assert " WARNING bidragskollen.settings: " in lines[0] and " INFO bidragskollen: " in lines[1]


def test_a_file_already_open_needs_no_holding(monkeypatch) -> None:
    logger = logging.getLogger("bidragskollen")
    monkeypatch.setattr(logger, "handlers", [])
    path = setup_logging()
    assert hold_logging() == path
    logger.info("Direkt i filen")
    logger.handlers[0].flush()
    assert "Direkt i filen" in path.read_text(encoding="utf-8")
    logger.handlers[0].close()
