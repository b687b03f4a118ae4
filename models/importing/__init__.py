"""Importing costs from the finance system: spreadsheets, CSV and SIE 4. No Qt here.

read_ledger → auto_mapping / Profile → prepare_import (an ImportPlan to show) → commit_import.
run_import does all of it for the command line, a part of the file at a time (stream.py).
"""

from __future__ import annotations

from models.importing.commit import (
    ImportReport,
    commit_import,
    import_defaults,
    import_report_json,
    plan_for_document,
)
from models.importing.ledger import LEDGER_SUFFIXES, MAX_BYTES, RawLedger, read_ledger
from models.importing.mapping import (
    DEFAULT_RULES,
    ROLE_LABELS,
    ROLES,
    Filters,
    Mapping,
    Rule,
    auto_mapping,
    default_rules,
    parse_accounts,
    parse_object_filter,
)
from models.importing.pipeline import prepare_import
from models.importing.plan import ImportPlan, Reject
from models.importing.profiles import (
    Profile,
    delete_profile,
    export_profile,
    import_profile,
    list_profiles,
    load_profile,
    read_profile_file,
    save_profile,
)
from models.importing.sie import SieFile, SieTrans, parse_sie
from models.importing.stream import run_import

__all__ = [
    "DEFAULT_RULES",
    "LEDGER_SUFFIXES",
    "MAX_BYTES",
    "ROLES",
    "ROLE_LABELS",
    "Filters",
    "ImportPlan",
    "ImportReport",
    "Mapping",
    "Profile",
    "RawLedger",
    "Reject",
    "Rule",
    "SieFile",
    "SieTrans",
    "auto_mapping",
    "commit_import",
    "default_rules",
    "delete_profile",
    "export_profile",
    "import_defaults",
    "import_profile",
    "import_report_json",
    "list_profiles",
    "load_profile",
    "parse_accounts",
    "parse_object_filter",
    "parse_sie",
    "plan_for_document",
    "prepare_import",
    "read_ledger",
    "read_profile_file",
    "run_import",
    "save_profile",
]
