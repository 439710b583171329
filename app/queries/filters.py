"""The shared sidebar filters: what they hold, how they are checked, and how they reach SQL.

Values never enter SQL text. Metric queries carry MetricFlow where-templates whose values are
named parameters ($start, $end, $case_types, $priorities, $departments, $devices, $specialties, $service_lines),
bound when the compiled SQL runs; listings use the same parameters in plain SQL. Before either, every chosen
category is checked against the reference table that defines it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from healthcare_ops.semantic import METRIC_DAYS
from healthcare_ops.semantic import among as _among
from healthcare_ops.semantic import between_days as _between_dates
from queries.reference import categories
from queries.warehouse import run


@dataclass(frozen=True)
class Filters:
    """The shared sidebar filters. Empty case types, priorities, departments, devices, specialties or service lines
    mean all."""

    start: date | None = None
    end: date | None = None
    case_types: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    devices: tuple[str, ...] = ()
    specialties: tuple[str, ...] = ()
    service_lines: tuple[str, ...] = ()

    def advocacy_values(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "case_types": self.case_types, "priorities": self.priorities}

    def flow_values(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "departments": self.departments}

    def telehealth_values(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "devices": self.devices, "specialties": self.specialties}

    def provider_growth_values(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "specialties": self.specialties,
            "service_lines": self.service_lines,
        }


def hospital_departments() -> dict[str, str]:
    """Department code -> label of the hospital's departments (not the unknown member), by label."""
    frame = run("""
        select department, department_label
        from marts.dim_department
        where beds is not null
        order by department_label
    """)
    return dict(zip(frame.department, frame.department_label))


def growth_service_lines() -> list[str]:
    """The service lines provider growth knows, in code order: those its encounters and referral orders reported
    (marts.mart_service_line_summary) and those of its referring providers' specialties (marts.mart_provider_roi,
    e.g. primary care, which no hospital department runs). No seed labels them: the sidebar spells them out."""
    frame = run("""
        select service_line from marts.mart_service_line_summary where service_line is not null
        union
        select service_line from marts.mart_provider_roi where service_line is not null
        order by service_line
    """)
    return list(frame.service_line)


def period_grain(filters: Filters, days_table: str, grains: tuple[tuple[str, int | None], ...]) -> str:
    """The period a chart counts by: the first of `grains` (grain, the longest range in days it is used for; None:
    any) that fits the days of the filtered range on which `days_table` (a table with a date_key) has rows."""
    observed = run(f"select min(date_key) as first_day, max(date_key) as last_day from {days_table}")
    first, last = (pd.Timestamp(day).date() if pd.notna(day) else None for day in observed.iloc[0])
    start = max((day for day in (filters.start, first) if day), default=None)
    end = min((day for day in (filters.end, last) if day), default=None)
    days = (end - start).days + 1 if start and end else 0
    return next(grain for grain, longest in grains if longest is None or days <= longest)


def checked(filters: Filters) -> Filters:
    """The filters, if every chosen value is one the reference tables define; otherwise ValueError."""
    allowed = {
        "case type": (filters.case_types, categories("case_type")),
        "priority": (filters.priorities, categories("priority")),
        "department": (filters.departments, hospital_departments()),
        "device": (filters.devices, categories("device")),
        "specialty": (filters.specialties, categories("specialty")),
        "service line": (filters.service_lines, growth_service_lines()),
    }
    for what, (chosen, known) in allowed.items():
        unknown = sorted(set(chosen) - set(known))
        if unknown:
            raise ValueError(f"unknown {what}: {', '.join(unknown)}")
    if filters.start and filters.end and filters.start > filters.end:
        raise ValueError(f"the date range ends ({filters.end}) before it starts ({filters.start})")
    return filters


# MetricFlow where-templates (METRIC_DAYS, the date range, is the API's too: healthcare_ops/semantic.py).
CASES_WHERE = (
    *METRIC_DAYS,
    _among("case_types", "{{ Dimension('case__case_type') }}"),
    _among("priorities", "{{ Dimension('case__priority') }}"),
)


# The telehealth filters: an appointment's or a survey's day, device and provider's specialty (both facts reach
# dim_device and dim_provider through keys of their own).
TELEHEALTH_WHERE = (
    *METRIC_DAYS,
    _among("devices", "{{ Dimension('device__device_code') }}"),
    _among("specialties", "{{ Dimension('provider__specialty') }}"),
)


# The provider-growth filters: the day a metric counts on (an encounter's arrival, a referral order's placing), the
# referring provider's specialty (the `provider` entity of encounters, supply usage and referral orders) and the
# service line of the encounter, or of the referral order.
GROWTH_WHERE = (
    *METRIC_DAYS,
    _among("specialties", "{{ Dimension('provider__specialty') }}"),
    _among("service_lines", "{{ Dimension('encounter__service_line') }}"),
)
LEAKAGE_WHERE = (
    *METRIC_DAYS,
    _among("specialties", "{{ Dimension('provider__specialty') }}"),
    _among("service_lines", "{{ Dimension('referral_order__service_line') }}"),
)


def flow_where(department: str = "{{ Entity('department') }}") -> tuple[str, ...]:
    """The patient-flow filters, with the department a metric is attributed to (the arrival, stay or hour's
    department by default; the discharging department for surveys)."""
    return (*METRIC_DAYS, _among("departments", department))


# The same filters in plain SQL over marts.fct_case_lifecycle (alias `cases`), and over a department column.
CASES_CONDITION = " and ".join(
    (
        *_between_dates("cases.created_date"),
        _among("case_types", "cases.case_type"),
        _among("priorities", "cases.priority"),
    )
)


def departments_condition(column: str) -> str:
    return _among("departments", column)


def specialties_condition(column: str) -> str:
    return _among("specialties", column)


def service_lines_condition(column: str) -> str:
    return _among("service_lines", column)
