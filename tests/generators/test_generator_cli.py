"""The command: output files, determinism, growth with scale, independent streams."""

from __future__ import annotations

import json

import pytest
from generator_data import CONTRACT, generate

from generators import advocacy

FILES = [*CONTRACT, "patient_flow", "truth.json"]


def test_writes_every_file_and_a_summary_without_leaving_temporary_files(tmp_path, capsys):
    generate(tmp_path, scale=0.05)
    output = capsys.readouterr()
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(FILES)
    truth = json.loads((tmp_path / "truth.json").read_text())
    lines = output.out.splitlines()
    for file_name, rows in truth["rows"].items():
        assert any(line.startswith(file_name) and f"{rows:,} rows" in line for line in lines), file_name
    assert lines[-1].startswith("total") and "rows/s" in lines[-1]
    assert "generating" in output.err  # the progress bar


def test_same_seed_gives_the_same_bytes_and_another_seed_does_not(tmp_path):
    first, again, other = (generate(tmp_path / name, scale=0.05, seed=seed) for name, seed in
                           [("first", 3), ("again", 3), ("other", 4)])
    written = [path.relative_to(first) for path in sorted(first.rglob("*")) if path.is_file()]
    assert any(path.parent.name == "patient_flow" for path in written)
    for path in written:
        assert (first / path).read_bytes() == (again / path).read_bytes(), path
    for file_name in CONTRACT:
        assert (first / file_name).read_bytes() != (other / file_name).read_bytes(), file_name


def test_a_change_in_one_domain_leaves_the_other_domains_files_alone(tmp_path, monkeypatch):
    before = generate(tmp_path / "before", scale=0.05)
    monkeypatch.setattr(advocacy, "CASES_PER_SCALE", 9_000)
    after = generate(tmp_path / "after", scale=0.05)
    assert (before / "patients.csv").read_bytes() == (after / "patients.csv").read_bytes()
    assert (before / "cases.csv").read_bytes() != (after / "cases.csv").read_bytes()


@pytest.mark.parametrize("scale", [0.05, 0.1])
def test_entity_counts_follow_the_scale(tmp_path, scale):
    truth = json.loads((generate(tmp_path, scale=scale) / "truth.json").read_text())
    planted = {name: sum(reasons.values()) for name, reasons in truth["quarantine_expected"].items()}
    good = {name: rows - planted[name] for name, rows in truth["rows"].items()}
    assert good["patients.csv"] == round(20_000 * scale)
    assert good["providers.csv"] == max(10, round(400 * scale))
    assert good["advocates.csv"] == max(5, round(40 * scale))
    assert good["cases.csv"] == round(12_000 * scale)


def test_rows_grow_linearly_with_scale(tmp_path):
    small = json.loads((generate(tmp_path / "small", scale=0.1) / "truth.json").read_text())["rows"]
    large = json.loads((generate(tmp_path / "large", scale=0.2) / "truth.json").read_text())["rows"]
    for file_name in ["patients.csv", "providers.csv", "cases.csv", "case_events.csv", "interactions.csv", "patient_feedback.csv",
                      "appointments.csv", "appointment_feedback.csv", "inventory_usage.csv", "referrals.csv",
                      "crm_activities.csv"]:
        assert large[file_name] / small[file_name] == pytest.approx(2, rel=0.08), file_name


def test_a_tiny_scale_still_plants_every_kind_of_bad_row(tmp_path):
    truth = json.loads((generate(tmp_path, scale=0.01) / "truth.json").read_text())
    assert all(count >= 1 for reasons in truth["quarantine_expected"].values() for count in reasons.values())


def test_as_of_moves_the_export(tmp_path):
    truth = json.loads((generate(tmp_path, scale=0.02, as_of="2025-03-15T12:00:00") / "truth.json").read_text())
    assert truth["as_of"] == "2025-03-15T12:00:00"
    created = [line.split(",")[6] for line in (tmp_path / "cases.csv").read_text().splitlines()[1:]]
    timestamps = sorted(value for value in created if value.startswith("20"))
    assert "2024-03-15" <= timestamps[0] and timestamps[-1] <= "2025-03-15 12:00:00"
