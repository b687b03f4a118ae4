"""The collector pause around bulk imports gives the collector back, also when the import fails."""

from __future__ import annotations

import gc

import pytest

from models.gcpause import gc_paused


def test_collector_is_off_inside_and_on_again_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(ValueError), gc_paused():
        assert not gc.isenabled()
        raise ValueError("bad file")
    assert gc.isenabled()


def test_nested_pause_leaves_the_outer_one_paused() -> None:
    with gc_paused():
        with gc_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
