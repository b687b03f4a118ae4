"""Bidragskollen's domain layer: no Qt here, ever (checked by tests/test_layering.py)."""
