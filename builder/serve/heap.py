"""The preview's heap between rebuilds: Python's cycle collector kept off the path from a
save to the page.

A preview of 10,000 bulletins keeps some millions of objects alive between rebuilds (the
archive, the pages' keys, the bodies). A rebuild allocates enough to set off the cycle
collector's full passes, each of which walks all of them: on this 2-core machine, busy
(load average 10), 0.4-0.8 s of a 2.6-4.0 s rebuild went to the collector; with the objects
that outlive a rebuild frozen (:func:`gc.freeze`, not walked again) 0.1-0.2 s of 1.6-1.9 s.
So the collector is paused while a rebuild runs and makes its full pass after it, once the
tabs have reloaded and the search is updated; what is still alive then is frozen.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block without the cycle collector, then collect and freeze what is left."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()  # the last rebuild's survivors may be garbage now
        gc.collect()
        gc.freeze()
        if enabled:
            gc.enable()


def release() -> None:
    """Hand the frozen objects back to the collector (the preview has stopped)."""
    gc.unfreeze()
