"""Bad rows planted on purpose, so the warehouse's quarantine has something to catch.

Each bad row is an extra row with a fresh id and exactly one problem (a duplicate is an exact
copy of a good row), placed at a random position among the good rows; malformed lines are
rendered separately and appended raw after the CSV. No good row is ever changed, so nothing
good cascades into quarantine. The reason codes are the warehouse's (seeds/quality).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from generators import ids
from generators.clock import DAY
from generators.common import Numbers, choose
from generators.provider_growth import referrals, salesforce, supplies

SHARE_PER_KIND = 0.001

# (rng, good rows, how many, fresh ids) -> bad rows; the columns they set may be strings where the good ones are not
Maker = Callable[[np.random.Generator, pa.Table, int, Callable[[int], pa.Array]], pa.Table]


@dataclass(frozen=True)
class Kind:
    reason: str
    make: Maker
    raw_line: bool = False  # appended as raw text after the CSV instead of inserted as a row


@dataclass(frozen=True)
class FileSpec:
    id_format: ids.IdFormat  # of the file's first column, its id
    kinds: tuple[Kind, ...]


def _pick(rng: np.random.Generator, table: pa.Table, count: int, where: pa.ChunkedArray | None = None) -> pa.Table:
    """`count` distinct good rows (fewer only if the table is that small)."""
    candidates = np.arange(table.num_rows) if where is None else np.flatnonzero(where.to_numpy(zero_copy_only=False))
    return table.take(choose(rng, candidates, count))


def _set(table: pa.Table, column: str, value: str | int | pa.Array) -> pa.Table:
    if not isinstance(value, pa.Array):
        value = pa.array([value] * table.num_rows)
    return table.set_column(table.schema.get_field_index(column), column, value)


def duplicate(rng: np.random.Generator, table: pa.Table, count: int, fresh: Callable[[int], pa.Array]) -> pa.Table:
    """Exact copies of good rows: the warehouse keeps one of each and quarantines the copy."""
    return _pick(rng, table, count)


def setting(column: str, value: str | int | Callable[[int], pa.Array]) -> Maker:
    """Copies of good rows with a fresh id and one column set to a bad value."""
    def make(rng: np.random.Generator, table: pa.Table, count: int, fresh: Callable[[int], pa.Array]) -> pa.Table:
        rows = _pick(rng, table, count)
        rows = _set(rows, table.column_names[0], fresh(rows.num_rows))
        return _set(rows, column, value(rows.num_rows) if callable(value) else value)
    return make


def unknown(column: str, parent: ids.IdFormat) -> Maker:
    return setting(column, parent.unused)


def before_case_created(rng: np.random.Generator, table: pa.Table, count: int,
                        fresh: Callable[[int], pa.Array]) -> pa.Table:
    """A first response two days before its (good) case was created: the copy of a `created` event moved back."""
    rows = _pick(rng, table, count, where=pc.equal(table["event_type"], "created"))
    acting = pc.drop_null(table["advocate_id"])
    rows = _set(rows, "event_id", fresh(rows.num_rows))
    rows = _set(rows, "event_type", "first_response")
    rows = _set(rows, "event_at", pc.subtract(rows["event_at"], pa.scalar(2 * DAY, pa.duration("s"))).combine_chunks())
    return _set(rows, "advocate_id", pc.take(acting, rng.integers(0, len(acting), rows.num_rows)).combine_chunks())


def scheduled_before_booked(rng: np.random.Generator, table: pa.Table, count: int,
                            fresh: Callable[[int], pa.Array]) -> pa.Table:
    """An appointment whose slot is a day before it was booked."""
    rows = _set(_pick(rng, table, count), "appointment_id", fresh(count))
    return _set(rows, "scheduled_at", pc.subtract(rows["booked_at"], pa.scalar(DAY, pa.duration("s"))).combine_chunks())


def before_appointment(rng: np.random.Generator, table: pa.Table, count: int,
                       fresh: Callable[[int], pa.Array]) -> pa.Table:
    """Feedback dated 30 days before it was given: before its appointment, as surveys come within 14 days of it."""
    rows = _set(_pick(rng, table, count), "feedback_id", fresh(count))
    return _set(rows, "submitted_at",
                pc.subtract(rows["submitted_at"], pa.scalar(30 * DAY, pa.duration("s"))).combine_chunks())


def extra_field(rng: np.random.Generator, table: pa.Table, count: int, fresh: Callable[[int], pa.Array]) -> pa.Table:
    rows = _set(_pick(rng, table, count), table.column_names[0], fresh(count))
    return rows.append_column("extra", pa.array(["unexpected"] * rows.num_rows))


def missing_field(rng: np.random.Generator, table: pa.Table, count: int, fresh: Callable[[int], pa.Array]) -> pa.Table:
    rows = _set(_pick(rng, table, count), table.column_names[0], fresh(count))
    return rows.drop_columns([table.column_names[-1]])


TRUNCATED_JSON = '{"intake_source": "web", "barriers": ['

DIRTY_ROWS: dict[str, FileSpec] = {
    "patients.csv": FileSpec(ids.PATIENT, (
        Kind("unparseable_value", setting("birth_date", "not-a-date")),
        Kind("duplicate_id", duplicate),
    )),
    "providers.csv": FileSpec(ids.PROVIDER, (
        Kind("unknown_category", setting("specialty", "wizardry")),
        Kind("duplicate_id", duplicate),
    )),
    "advocates.csv": FileSpec(ids.ADVOCATE, (
        Kind("duplicate_id", duplicate),
    )),
    "cases.csv": FileSpec(ids.CASE, (
        Kind("unknown_category", setting("case_type", "lost_card")),
        Kind("invalid_json", setting("metadata_json", TRUNCATED_JSON)),
        Kind("unparseable_value", setting("created_at", "yesterday")),
        Kind("duplicate_id", duplicate),
        Kind("unknown_reference", unknown("patient_id", ids.PATIENT)),
        Kind("malformed_line", extra_field, raw_line=True),
    )),
    "case_events.csv": FileSpec(ids.EVENT, (
        Kind("unknown_reference", unknown("case_id", ids.CASE)),
        Kind("before_case_created", before_case_created),
        Kind("unknown_category", setting("event_type", "teleported")),
        Kind("duplicate_id", duplicate),
    )),
    "interactions.csv": FileSpec(ids.INTERACTION, (
        Kind("out_of_range", setting("duration_minutes", -5)),
        Kind("unparseable_value", setting("duration_minutes", "abc")),
        Kind("unknown_category", setting("channel", "carrier_pigeon")),
        Kind("unknown_reference", unknown("case_id", ids.CASE)),
        Kind("malformed_line", missing_field, raw_line=True),
    )),
    "patient_feedback.csv": FileSpec(ids.FEEDBACK, (
        Kind("out_of_range", setting("csat", 7)),
        Kind("unknown_reference", unknown("case_id", ids.CASE)),
    )),
    "appointments.csv": FileSpec(ids.APPOINTMENT, (
        Kind("unknown_category", setting("device", "smartwatch")),
        Kind("unparseable_value", setting("scheduled_at", "tomorrow")),
        Kind("duplicate_id", duplicate),
        Kind("unknown_reference", unknown("provider_id", ids.PROVIDER)),
        # provider_id, device and reason may be empty (a real export lacks them); the patient may not
        Kind("missing_required", setting("patient_id", "")),
        Kind("out_of_range", setting("connection_quality", 9)),
        Kind("scheduled_before_booked", scheduled_before_booked),
        Kind("malformed_line", extra_field, raw_line=True),
    )),
    "appointment_feedback.csv": FileSpec(ids.APPOINTMENT_FEEDBACK, (
        Kind("out_of_range", setting("overall_rating", 6)),
        Kind("unparseable_value", setting("submitted_at", "last week")),
        Kind("unknown_reference", unknown("appointment_id", ids.APPOINTMENT)),
        Kind("duplicate_id", duplicate),
        Kind("before_appointment", before_appointment),
        Kind("malformed_line", missing_field, raw_line=True),
    )),
    # provider growth: one kind per reason and file, so each reason's count is the file's quota
    "crm_accounts.csv": FileSpec(salesforce.ACCOUNT, (
        Kind("duplicate_id", duplicate),
        Kind("missing_required", setting("Name", "")),
    )),
    "crm_contacts.csv": FileSpec(salesforce.CONTACT, (
        Kind("duplicate_id", duplicate),
        Kind("unknown_reference", unknown("AccountId", salesforce.ACCOUNT)),
        Kind("unparseable_value", setting("CreatedDate", "yesterday")),
        Kind("malformed_line", extra_field, raw_line=True),
    )),
    "crm_activities.csv": FileSpec(salesforce.TASK, (
        Kind("unknown_reference", unknown("WhoId", salesforce.CONTACT)),
        Kind("unknown_category", setting("Type", "Fax")),
        Kind("unparseable_value", setting("ActivityDate", "someday")),
        Kind("duplicate_id", duplicate),
    )),
    "crm_opportunities.csv": FileSpec(salesforce.OPPORTUNITY, (
        Kind("unknown_category", setting("StageName", "Maybe Later")),
        Kind("out_of_range", setting("Probability", 150)),
        Kind("unparseable_value", setting("Amount", "lots")),
        Kind("unknown_reference", unknown("AccountId", salesforce.ACCOUNT)),
        Kind("duplicate_id", duplicate),
        Kind("malformed_line", missing_field, raw_line=True),
    )),
    "inventory_usage.csv": FileSpec(supplies.USAGE, (
        Kind("unknown_reference", unknown("encounter_id", ids.ENCOUNTER)),
        Kind("out_of_range", setting("quantity", 0)),
        Kind("unparseable_value", setting("used_at", "soon")),
        Kind("duplicate_id", duplicate),
    )),
    "referrals.csv": FileSpec(referrals.REFERRAL, (
        Kind("unknown_reference", unknown("referring_provider_id", ids.PROVIDER)),
        Kind("unknown_category", setting("service_line", "astrology")),
        Kind("unparseable_value", setting("referred_at", "next week")),
        Kind("missing_required", setting("patient_id", "")),
        Kind("duplicate_id", duplicate),
    )),
}


def render_lines(table: pa.Table) -> list[bytes]:
    sink = pa.BufferOutputStream()
    pacsv.write_csv(table, sink, pacsv.WriteOptions(include_header=False, quoting_style="needed"))
    return sink.getvalue().to_pybytes().splitlines(keepends=True)


@dataclass
class Planted:
    inserted: list[tuple[int, bytes]]  # (good row index it goes before, CSV line), in file order
    appended: list[bytes]  # malformed lines, written raw after the CSV
    expected: dict[str, int]  # reason -> rows the warehouse should quarantine


def plant(rng: np.random.Generator, file_name: str, good: pa.Table) -> Planted:
    """The bad rows of `file_name`, about SHARE_PER_KIND of the good rows (at least one) of every kind.

    Bad rows are rendered to CSV lines kind by kind, so a bad value needs no change to the
    type of its column in the good rows.
    """
    spec = DIRTY_ROWS[file_name]
    count = max(1, round(SHARE_PER_KIND * good.num_rows))
    numbers = Numbers(good.num_rows + 1)

    def fresh(how_many: int) -> pa.Array:
        return spec.id_format.render(numbers.issue(how_many))

    lines, appended, expected = [], [], {}
    for kind in spec.kinds:
        made = render_lines(kind.make(rng, good, count, fresh))
        (appended if kind.raw_line else lines).extend(made)
        expected[kind.reason] = expected.get(kind.reason, 0) + len(made)

    positions = np.sort(rng.integers(0, good.num_rows + 1, len(lines)))
    shuffled = [lines[i] for i in rng.permutation(len(lines))]  # so kinds interleave
    return Planted(list(zip(positions.tolist(), shuffled)), appended, expected)
