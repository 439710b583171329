"""The patient-flow capture folder read back line by line with the json module.

`read_flow` is an independent, plain-Python reading of the landing contract: for every line
the reasons the warehouse should quarantine it for and the flags it should raise without
quarantining, then the clean events (first deliveries, clocks and ages corrected) grouped by
encounter, for the tests to check the flow and the planted effects against.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
ENVELOPE_KEYS = ["sequence_number", "enqueued_at", "body"]
BODY_KEYS = ["event_id", "encounter_id", "event_type", "event_time", "patient_id", "department", "service_line",
             "referring_provider_id", "age", "acuity", "disposition", "total_cost", "satisfaction"]
FLOW_ORDER = ["arrival", "triage", "seen_by_provider", "admitted", "transferred", "discharged"]
LATE = timedelta(hours=1)


def seed(name: str) -> list[dict[str, str]]:
    """A dbt seed, e.g. seed("patient_flow__departments")."""
    with open(SEEDS / name.split("__")[0] / f"{name}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


DEPARTMENTS = {row["department"]: row for row in seed("patient_flow__departments")}
DISPOSITIONS = {row["disposition"] for row in seed("patient_flow__dispositions")}
SPECIALTY_SERVICE_LINE = {row["specialty"]: row["service_line"] for row in seed("registry__specialties")}


@dataclass
class Line:
    file: str
    text: str
    envelope: dict | None  # None: not JSON
    problems: list[str] = field(default_factory=list)  # quarantine reasons
    flags: list[str] = field(default_factory=list)  # corrected and flagged, not quarantined

    @property
    def body(self) -> dict:
        return self.envelope["body"]

    @property
    def enqueued_at(self) -> datetime:
        return datetime.fromisoformat(self.envelope["enqueued_at"])


@dataclass
class Encounter:
    encounter_id: str
    events: list[dict]  # clean bodies in flow order, event_time corrected where its clock was wrong
    planted_age: int | None  # an impossible age on the arrival line

    def first(self, event_type: str) -> dict | None:
        return next((event for event in self.events if event["event_type"] == event_type), None)

    def at(self, event_type: str) -> datetime | None:
        event = self.first(event_type)
        return datetime.fromisoformat(event["event_time"]) if event else None

    @property
    def arrival(self) -> dict:
        return self.events[0]

    @property
    def discharge(self) -> dict | None:
        return self.first("discharged")

    def stays(self) -> list[tuple[str, datetime, datetime | None]]:
        """(department, from, to) of each stretch in one department; to is None while in house."""
        moves = [(event["department"], datetime.fromisoformat(event["event_time"])) for event in self.events
                 if event["event_type"] in ("arrival", "transferred")]
        ends = [at for _, at in moves[1:]] + [self.at("discharged")]
        return [(department, start, end) for (department, start), end in zip(moves, ends)]


@dataclass
class Flow:
    truth: dict
    as_of: datetime
    files: list[Path]
    lines: list[Line]  # in file order
    encounters: dict[str, Encounter]

    def reasons(self) -> Counter:
        return Counter(reason for line in self.lines for reason in line.problems)

    def flags(self) -> Counter:
        return Counter(flag for line in self.lines for flag in line.flags)

    def good_lines(self) -> list[Line]:
        return [line for line in self.lines if not line.problems]


def read_flow(out: Path, patients: dict[str, dict], providers: dict[str, dict]) -> Flow:
    """Read every capture file; `patients` and `providers` are the clean registry rows by id."""
    truth = json.loads((out / "truth.json").read_text())
    files = sorted((out / "patient_flow").glob("capture-*.ndjson"))
    lines = []
    for path in files:
        for text in path.read_text(encoding="utf-8").splitlines(keepends=True):
            try:
                envelope = json.loads(text)
            except json.JSONDecodeError:
                lines.append(Line(path.name, text, None, ["invalid_json"]))
            else:
                lines.append(Line(path.name, text, envelope))

    # arrivals first: a discharge can only be judged against its encounter's (possibly late) arrival
    arrivals: dict[str, datetime] = {}
    for line in lines:
        if line.envelope and line.body["event_type"] == "arrival":
            arrivals.setdefault(line.body["encounter_id"], datetime.fromisoformat(line.body["event_time"]))
    first_of: dict[str, dict] = {}
    for line in lines:  # file order is the hub's order
        if line.envelope is None:
            continue
        body = line.body
        if body["event_id"] in first_of:
            line.problems.append("duplicate_id" if first_of[body["event_id"]] == body else "conflicting_duplicate")
            continue
        first_of[body["event_id"]] = body
        if body["department"] not in DEPARTMENTS or body["event_type"] not in FLOW_ORDER \
                or (body["disposition"] is not None and body["disposition"] not in DISPOSITIONS):
            line.problems.append("unknown_category")
        if body["patient_id"] not in patients or (
                body["referring_provider_id"] is not None and body["referring_provider_id"] not in providers):
            line.problems.append("unknown_reference")
        at = datetime.fromisoformat(body["event_time"])
        if body["event_type"] == "discharged" and at < arrivals.get(body["encounter_id"], at):
            line.problems.append("discharge_before_arrival")
        if line.problems:
            continue
        if not 0 <= body["age"] <= 120:
            line.flags.append("impossible_age")
        if at > line.enqueued_at:
            line.flags.append("future_timestamp")
        elif line.enqueued_at - at >= LATE:
            line.flags.append("late")

    by_encounter: dict[str, list[Line]] = defaultdict(list)
    for line in lines:
        if not line.problems:
            by_encounter[line.body["encounter_id"]].append(line)
    encounters = {}
    for encounter_id, delivered in by_encounter.items():
        events, planted = [], None
        true_age = next(line.body["age"] for line in delivered if "impossible_age" not in line.flags) \
            if any("impossible_age" not in line.flags for line in delivered) else None
        for line in delivered:
            event = dict(line.body)
            if "future_timestamp" in line.flags:
                event["event_time"] = line.envelope["enqueued_at"]
            if "impossible_age" in line.flags:
                planted, event["age"] = event["age"], true_age
            events.append(event)
        events.sort(key=lambda event: (event["event_time"], FLOW_ORDER.index(event["event_type"])))
        encounters[encounter_id] = Encounter(encounter_id, events, planted)
    return Flow(truth, datetime.fromisoformat(truth["as_of"]), files, lines, encounters)


def completed_years(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


SEQUENCE = re.compile(r'\{"sequence_number": (\d+), ')
