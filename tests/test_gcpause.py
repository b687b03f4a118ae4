"""The collector pause around bulk imports gives the collector back, also when the import fails."""

from __future__ import annotations

import gc

import pytest

from models.system.gcpause import gc_paused


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


def test_what_a_pause_built_is_old_and_its_cycles_are_still_collected() -> None:
    import weakref

    class Node:
        def __init__(self) -> None:
            self.me: Node | None = None

    with gc_paused():
        rows = [(i, str(i)) for i in range(1000)]  # kept: should not be scanned by the next young collection
        cycle = Node()
        cycle.me = cycle
        gone = weakref.ref(cycle)
        del cycle
    assert gc.get_count()[0] < 100  # no pile of young objects waiting for a scan
    assert gone() is not None  # garbage in a cycle waits for a full collection …
    gc.collect()
    assert gone() is None  # … which still finds it
    assert len(rows) == 1000
