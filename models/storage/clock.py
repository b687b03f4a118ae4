"""Who and when, for every history row: the operating-system user and the time to the second."""

from __future__ import annotations

import getpass
from datetime import datetime


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment: still record the change
        return "okänd"


def now_text() -> str:
    return datetime.now().replace(microsecond=0).isoformat(sep=" ")
