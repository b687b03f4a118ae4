"""One log file in the user log directory; the window and the command line both write to it.

The window holds its first records in memory (``hold_logging``) and opens the file after its first paint:
``logging.handlers`` and what it imports (sockets, pickle, queues) cost about 10 ms of a start that has a
budget of twice a bare window (docs/performance.md). ``setup_logging`` then writes the held records first.
"""

from __future__ import annotations

import logging
from pathlib import Path

from models.system.paths import log_dir

LOGGER = "bidragskollen"


class _Held(logging.Handler):
    """The records logged before the file is opened, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def log_path() -> Path:
    return log_dir() / "bidragskollen.log"


def hold_logging() -> Path:
    """Keep the program's records in memory until ``setup_logging``; return the log file's path."""
    path = log_path()
    logger = logging.getLogger(LOGGER)
    if not any(isinstance(h, _Held) or _writes_to(h, path) for h in logger.handlers):
        logger.addHandler(_Held())
        logger.setLevel(logging.INFO)
    return path


def _writes_to(handler: logging.Handler, path: Path) -> bool:
    return isinstance(handler, logging.FileHandler) and Path(handler.baseFilename) == path


def setup_logging() -> Path:
    """Send the program's log to ``<user log dir>/bidragskollen.log`` (records held so far first) and
    return that path."""
    from logging.handlers import RotatingFileHandler

    path = log_path()
    logger = logging.getLogger(LOGGER)
    held = [h for h in logger.handlers if isinstance(h, _Held)]
    if any(isinstance(h, RotatingFileHandler) and _writes_to(h, path) for h in logger.handlers):
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    for h in held:
        logger.removeHandler(h)
        for record in h.records:
            handler.handle(record)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return path
