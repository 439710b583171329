"""`make stream` gives up after FAILURES_TO_GIVE_UP failed refreshes in a row, and says so with its exit code."""

from __future__ import annotations

import sys
import threading

from pipeline import stream


class FailingRefresher:
    """A refresher whose every refresh fails while a file waits to be loaded."""

    def __init__(self, published, landing) -> None:
        self.loaded: set[str] = set()
        self.attempts = 0

    def landed(self) -> set[str]:
        return {"capture-1.ndjson"}

    def refresh(self) -> set[str] | None:
        self.attempts += 1
        return None  # failed

    def close(self) -> None:
        pass


def test_a_stream_whose_refreshes_keep_failing_exits_non_zero(monkeypatch, tmp_path, capsys):
    (tmp_path / "warehouse.duckdb").touch()
    monkeypatch.setenv("WAREHOUSE_PATH", str(tmp_path / "warehouse.duckdb"))
    monkeypatch.setenv("RAW_DIR", str(tmp_path / "raw"))
    monkeypatch.setattr(stream, "Refresher", FailingRefresher)

    def produce_until_stopped(*args, stop: threading.Event, **kwargs) -> None:
        stop.wait(30)

    monkeypatch.setattr(stream.live, "run", produce_until_stopped)
    monkeypatch.setattr(sys, "argv", ["stream", "--rate", "1"])
    assert stream.main() == 1
    assert f"{stream.FAILURES_TO_GIVE_UP} refreshes in a row failed" in capsys.readouterr().err
