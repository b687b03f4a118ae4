"""Backups taken at open: kept per document, the last ten, restored beside the original."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from models.catalogue.check import load_catalogue
from models.errors import DocumentError
from models.storage.backups import KEEP, list_backups, make_backup, restore_backup
from models.storage.document_file import Document
from models.system.paths import data_dir


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def _doc(tmp_path, catalogue):
    agreement = next(a for a in catalogue.agreements.values() if a.has_tables("rss"))
    recipient = catalogue.recipients_of("rss")[0]
    return Document.create(tmp_path / "Skåne.bidrag", agreement.id, recipient.id, catalogue)


def test_backup_goes_to_the_user_data_dir_and_keeps_the_last_ten(tmp_path, catalogue):
    doc = _doc(tmp_path, catalogue)
    start = datetime(2025, 1, 1, 8, 0)
    for i in range(KEEP + 3):
        make_backup(doc.path, start + timedelta(minutes=i))
    backups = list_backups(doc.path)
    assert len(backups) == KEEP
    assert backups[0].time == start + timedelta(minutes=KEEP + 2)  # newest first
    assert all(data_dir() in b.path.parents for b in backups)
    doc.close()


def test_restore_writes_a_new_file_beside_the_original_with_the_old_values(tmp_path, catalogue):
    doc = _doc(tmp_path, catalogue)
    doc.set_field("contact_person", "Anna Andersson")
    make_backup(doc.path, datetime(2025, 1, 1, 8, 0))
    doc.set_field("contact_person", "Bengt Berg")
    backup = list_backups(doc.path)[0]
    restored = restore_backup(doc.path, backup)
    assert restored.parent == doc.path.parent and restored != doc.path
    assert "återställd 2025-01-01 0800" in restored.name
    assert doc.field("contact_person") == "Bengt Berg"  # the original is untouched
    with Document.open(restored) as old:
        assert old.field("contact_person") == "Anna Andersson"
    second = restore_backup(doc.path, backup)  # a second restore gets its own name
    assert second != restored
    with pytest.raises(DocumentError):
        restore_backup(doc.path, backup, target=doc.path)
    doc.close()
