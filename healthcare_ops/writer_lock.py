"""One writer at a time per published warehouse: `make warehouse` and `make stream` hold its lock.

The lock is an advisory fcntl lock on `<WAREHOUSE_PATH>.lock`, held for the writer's whole run.
The kernel drops it when the process ends, however it ends, so a killed build never leaves a
lock behind; the file's text (pid, command, start time) only tells the next writer who holds it.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class WarehouseBusy(Exception):
    """Another process is writing this warehouse."""


def lock_path(published: Path) -> Path:
    return published.with_name(published.name + ".lock")


@contextmanager
def exclusive_writer(published: Path, command: str) -> Iterator[None]:
    """Hold the warehouse's writer lock, or raise WarehouseBusy naming the process that holds it."""
    path = lock_path(published)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise WarehouseBusy(
                f"{published} is being written by {holder}. Only one build or stream writes a warehouse at a "
                "time: wait for it to finish, or set WAREHOUSE_PATH to build another."
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{command} (pid {os.getpid()}, since {time.strftime('%Y-%m-%d %H:%M:%S')})")
        handle.flush()
        yield
    finally:
        handle.close()  # closing drops the lock
