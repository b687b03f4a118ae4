"""Importing costs from the finance system: spreadsheets, CSV and SIE 4. No Qt here.

read_ledger → import_defaults / import_settings (a Profile, the document, the command line's ImportOptions) →
an ImportRequest → import_ledger: a dry run to show, or the import, a part of the file at a time (stream.py); the
window and the command line (run_import) both go through it. prepare_import plans a whole file at once (the
mapping step's preview, and the tests' reference).
"""

from __future__ import annotations

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
from models.importing.settings import (
    ImportOptions,
    ImportReport,
    ImportRequest,
    ImportSettings,
    import_defaults,
    import_report_json,
    import_settings,
)
from models.importing.sie import SieFile, SieTrans, parse_sie
from models.importing.stream import SummaryChanged, import_ledger, import_request, run_import

__all__ = [
    "DEFAULT_RULES",
    "LEDGER_SUFFIXES",
    "MAX_BYTES",
    "ROLES",
    "ROLE_LABELS",
    "Filters",
    "ImportOptions",
    "ImportPlan",
    "ImportReport",
    "ImportRequest",
    "ImportSettings",
    "Mapping",
    "Profile",
    "RawLedger",
    "Reject",
    "Rule",
    "SieFile",
    "SieTrans",
    "SummaryChanged",
    "auto_mapping",
    "default_rules",
    "delete_profile",
    "export_profile",
    "import_defaults",
    "import_ledger",
    "import_profile",
    "import_report_json",
    "import_request",
    "import_settings",
    "list_profiles",
    "load_profile",
    "parse_accounts",
    "parse_object_filter",
    "parse_sie",
    "prepare_import",
    "read_ledger",
    "read_profile_file",
    "run_import",
    "save_profile",
]
