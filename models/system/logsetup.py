"""One log file in the user log directory; the window and the command line both write to it."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from models.system.paths import log_dir


def setup_logging() -> Path:
    """Send the program's log to ``<user log dir>/bidragskollen.log`` and return that path."""
    path = log_dir() / "bidragskollen.log"
    logger = logging.getLogger("bidragskollen")
    if any(isinstance(h, RotatingFileHandler) and Path(h.baseFilename) == path for h in logger.handlers):
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return path
