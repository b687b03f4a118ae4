"""The program's version: the one place it is written (pyproject.toml, --version, Om Bidragskollen and
the Windows version resource all read it from here)."""

VERSION = "0.1.0"
LICENCE = "EUPL-1.2"
