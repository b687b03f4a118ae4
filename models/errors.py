"""Errors that carry one clear Swedish sentence meant for the user."""

from __future__ import annotations


class UserError(Exception):
    """Something the user can fix. ``str(err)`` is a complete Swedish sentence."""


class AmountError(UserError):
    """A typed amount could not be read."""


class DocumentError(UserError):
    """A document file cannot be opened or written."""


class CatalogueError(UserError):
    """The agreement catalogue is wrong or a lookup in it failed."""


class ValidationError(UserError):
    """A field value is not valid."""


class Cancelled(Exception):
    """The user cancelled a long operation; nothing was changed."""
