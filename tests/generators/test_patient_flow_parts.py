"""The parts of the patient-flow generator: text rendering, capture landing, ages, arrival rates, scale and streams."""

from __future__ import annotations

import itertools
import json
from datetime import date, datetime, timedelta

import numpy as np
import pyarrow as pa
import pytest
from generator_data import generate

from generators import clock, event_hub, patient_flow, render, world
from generators.clock import DAY
from generators.patient_flow import arrivals, patients, plan, seeds


def test_digits_and_timestamps_render_like_python():
    rng = np.random.default_rng(0)
    numbers = np.concatenate([[0, 9, 10, 9_999, 10_000, 999_999_999], rng.integers(0, 10**9, 1_000)])
    chars = render.digits(numbers, 9)
    assert [bytes(row).decode() for row in chars] == [f"{number:09d}" for number in numbers]
    seconds = np.concatenate([[0, 951_782_399, 951_782_400, 1_798_761_599], rng.integers(0, 2 * 10**9, 1_000)])
    layout = render.Layout('"at": "', ("at", render.ISO_WIDTH), '"')
    text = layout.fill(len(seconds))
    render.put_iso(text, layout.columns["at"], seconds)
    assert render.strings(text).to_pylist() == [
        f'"at": "{datetime(1970, 1, 1) + timedelta(seconds=int(second)):%Y-%m-%dT%H:%M:%S}"' for second in seconds
    ]
    for bad in ([-1], [10**9]):
        with pytest.raises(ValueError):
            render.digits(np.array(bad), 9)


def batch(enqueued: list[int], texts: list[str]) -> pa.RecordBatch:
    return pa.record_batch([pa.array(np.arange(len(texts))), pa.array(enqueued, pa.timestamp("s")), pa.array(texts)],
                           schema=event_hub.SCHEMA)


def test_captures_are_one_file_per_enqueued_day_even_when_a_day_spans_batches(tmp_path):
    day = 20_000 * DAY  # 2024-10-04
    batches = [batch([day + 5, day + 60], ["a\n", "b\n"]), batch([day + 90, day + DAY + 1], ["c\n", "d\n"]),
               batch([day + 2 * DAY + 7], ["e\n"])]
    written = event_hub.write_captures(batches, tmp_path)
    assert [path.name for path in written] == ["capture-20241004.ndjson", "capture-20241005.ndjson",
                                               "capture-20241006.ndjson"]
    assert [path.read_text() for path in written] == ["a\nb\nc\n", "d\n", "e\n"]
    assert sorted(path.name for path in tmp_path.iterdir()) == [path.name for path in written]


def test_a_capture_out_of_enqueue_order_is_refused_and_leaves_no_partial_file(tmp_path):
    day = 20_000 * DAY
    with pytest.raises(ValueError, match="enqueue order"):
        event_hub.write_captures([batch([day + 60], ["a\n"]), batch([day + 5], ["b\n"])], tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_ages_are_completed_years_with_leap_day_birthdays():
    def days(*dates: date) -> np.ndarray:
        return np.array([(d - date(1970, 1, 1)).days for d in dates])

    born = days(date(2000, 2, 29), date(2000, 2, 29), date(2000, 2, 29), date(1990, 6, 15), date(1990, 6, 15))
    on = days(date(2001, 2, 28), date(2001, 3, 1), date(2004, 2, 29), date(2020, 6, 14), date(2020, 6, 15))
    assert patients.age_at(born, on).tolist() == [0, 1, 4, 29, 30]


def test_arrival_rates_fill_the_beds_to_the_target_occupancy():
    ref = seeds.reference()
    rates = arrivals.arrival_rates(ref)
    emergency = ref.emergency
    assert rates.planned_census[emergency] == pytest.approx(arrivals.TARGET_OCCUPANCY * ref.beds[emergency])
    assert rates.admission_share.sum() == pytest.approx(1) and rates.admission_share[emergency] == 0
    # after inpatient transfers move part of each census to intensive care and back, every ward is at the target
    moved = plan.INPATIENT_TRANSFER_PROBABILITY * (1 - np.mean(plan.TRANSFER_FRACTION))
    wards = np.flatnonzero(np.arange(len(ref.departments)) != emergency)
    after = rates.planned_census * (1 - moved)
    np.add.at(after, arrivals.transfer_target(ref)[wards], moved * rates.planned_census[wards])
    assert after[wards] == pytest.approx(arrivals.TARGET_OCCUPANCY * ref.beds[wards])
    assert rates.arrivals_per_hour.argmax() == emergency and (rates.arrivals_per_hour > 0).all()


def test_a_seed_department_without_a_plan_is_refused(monkeypatch):
    monkeypatch.setattr(seeds, "DEPARTMENTS", {
        code: department for code, department in plan.DEPARTMENTS.items() if code != "maternity"})
    with pytest.raises(ValueError, match="departments seed"):
        seeds.reference()


def simulate_again(truth: dict) -> patient_flow.Simulated:
    """The patient flow of a generated dataset, simulated again from its seed, scale and as-of."""
    return world.build(truth["seed"], truth["scale"], clock.parse(truth["as_of"])).flow.result()


def test_the_capture_renders_in_ranges_of_whole_days_that_add_up_to_the_files(dataset):
    capture = simulate_again(dataset.truth).capture
    ranges = capture.ranges(1_000)
    assert len(ranges) > 10 and ranges[0][0] == 0 and ranges[-1][1] == len(capture)
    assert all(end == next_first for (_, end), (next_first, _) in itertools.pairwise(ranges))
    table = capture.table()
    day = table["enqueued_at"].to_numpy().astype(np.int64) // DAY
    assert all(day[first] != day[first - 1] for first, _ in ranges[1:])
    files = sorted((dataset.out / "patient_flow").glob("capture-*.ndjson"))
    assert "".join(table["line"].to_pylist()).encode() == b"".join(path.read_bytes() for path in files)


def test_the_scale_stretches_the_history_not_the_density(tmp_path):
    short, long = (json.loads((generate(tmp_path / name, scale=scale) / "truth.json").read_text())
                   for name, scale in [("short", 0.01), ("long", 0.1)])
    assert short["patient_flow"]["history_days"] == 14  # at least two weeks
    assert long["patient_flow"]["history_days"] == round(365 * 0.1) == 36
    per_day = [truth["patient_flow"]["events"] / truth["patient_flow"]["history_days"] for truth in (short, long)]
    assert per_day[0] == pytest.approx(per_day[1], rel=0.15)
    # a file per enqueued day; events of the last two minutes may be enqueued at the as-of itself, midnight
    assert 36 <= long["patient_flow"]["files"] <= 37


def test_patient_flow_has_streams_of_its_own(tmp_path, monkeypatch):
    before = generate(tmp_path / "before", scale=0.05)
    monkeypatch.setattr(arrivals, "TARGET_OCCUPANCY", 0.6)
    after = generate(tmp_path / "after", scale=0.05)
    for file_name in ["patients.csv", "providers.csv", "cases.csv", "case_events.csv"]:
        assert (before / file_name).read_bytes() == (after / file_name).read_bytes(), file_name
    flow = sorted(path.name for path in (before / "patient_flow").iterdir())
    assert any((before / "patient_flow" / name).read_bytes() != (after / "patient_flow" / name).read_bytes()
               for name in flow)


def test_a_rerun_into_the_same_folder_leaves_only_its_own_capture_files(tmp_path):
    generate(tmp_path, scale=0.05, as_of="2026-03-01T00:00:00")
    generate(tmp_path, scale=0.05)
    names = sorted(path.name for path in (tmp_path / "patient_flow").iterdir())
    truth = json.loads((tmp_path / "truth.json").read_text())
    assert len(names) == truth["patient_flow"]["files"]
    assert names[0] >= f"capture-{truth['patient_flow']['start'][:10].replace('-', '')}.ndjson"
