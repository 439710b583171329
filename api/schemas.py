"""The pydantic models of every response: the API's OpenAPI schema, and what its tests check answers against.

Field names are the marts' column names; a provider section's fields are also the columns read from its mart
(api/providers.py selects exactly these). Nothing here can hold a name, NPI, phone, email, address or patient id.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, PlainSerializer, WithJsonSchema

Grain = Literal["day", "week", "month", "quarter", "year"]
Value = bool | int | float | str | None  # bool first: pydantic's smart union would keep 1 and True apart anyway
# The marts' timestamps carry no time zone (the source systems' clock): served as they are, not as RFC 3339
# date-times, which would need a zone the data does not have.
WallClock = Annotated[
    datetime,
    PlainSerializer(lambda moment: moment.isoformat(), return_type=str),
    WithJsonSchema({
        "type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$",
        "description": "A timestamp without time zone, as the source systems recorded it.",
    }),
]  # fmt: skip


class Problem(BaseModel):
    """Why the request got no data."""

    detail: str = Field(description="What was wrong, in words.")


class Health(BaseModel):
    status: Literal["ok"]
    published_at: datetime = Field(description="When the warehouse file was last replaced (UTC).")


class Domain(BaseModel):
    domain: str
    is_required: bool
    is_loaded: bool = Field(description="Its raw files were there when the warehouse was built.")
    raw_files_expected: int
    raw_files_found: int
    metrics: int = Field(description="Metrics of the semantic layer declared for the domain.")


class Dimension(BaseModel):
    name: str = Field(description="The name to pass as group_by, e.g. case__priority.")
    label: str | None = None


class MetricInfo(BaseModel):
    name: str
    label: str
    description: str | None
    format: str | None = Field(description="Display format: integer, decimal0-2, percent, ...")
    type: str = Field(description="MetricFlow metric type: simple, ratio, derived, cumulative, conversion.")
    domain: str | None = Field(description="The domain whose semantic file declares the metric.")
    available: bool = Field(description="Its domain was loaded in this warehouse (otherwise asking for it is a 409).")
    dimensions: list[Dimension] = Field(description="The dimensions it can be grouped by.")
    grains: list[Grain] = Field(description="The periods it can be counted by (its metric_time).")


class MetricRow(BaseModel):
    period: date | None = Field(description="First day of the period, when a grain was asked for.")
    dimensions: dict[str, Value] = Field(description="The group-by dimensions' values, by dimension name.")
    value: int | float | None


class MetricResult(BaseModel):
    metric: str
    label: str
    format: str | None
    domain: str | None
    group_by: list[str]
    grain: Grain | None
    start: date | None
    end: date | None
    total_rows: int = Field(description="Rows of the whole answer; `rows` holds the first `limit` of them.")
    rows: list[MetricRow]


class TelehealthFigures(BaseModel):
    """The provider's row of marts.mart_provider_performance (whole history)."""

    past_appointments: int | None = None
    due_appointments: int | None = None
    completed_visits: int | None = None
    no_shows: int | None = None
    technical_issues: int | None = None
    rated_visits: int | None = None
    mean_overall_rating: float | None = None
    no_show_rate: float | None = None
    technical_issue_rate: float | None = None
    is_scored: bool | None = None
    performance_score: float | None = None
    score_rank: int | None = None


class GrowthFigures(BaseModel):
    """The provider's row of marts.mart_provider_roi (README, "Provider growth"), as a referring provider."""

    referral_volume: int | None = None
    referred_patients: int | None = None
    avg_length_of_stay_hours: float | None = None
    avg_satisfaction: float | None = None
    avg_cost: float | None = None
    supplies_per_patient: float | None = None
    supply_cost_per_patient: float | None = None
    crm_contacts: int | None = None
    crm_activities: int | None = None
    pipeline_stage: str | None = None
    open_pipeline_amount: float | None = None
    expected_revenue: float | None = None
    opportunity_value_per_patient: float | None = None
    predicted_opportunity_value_per_patient: float | None = None
    residual: float | None = None
    is_modelled: bool | None = None
    is_held_out: bool | None = None
    leakage_rate: float | None = None


class Provider(BaseModel):
    provider_sk: str = Field(description="The provider's key (dim_provider): the only way the API names a provider.")
    specialty: str
    service_line: str
    state: str | None = Field(description="State of the provider's practice.")
    active_since: date | None
    telehealth: TelehealthFigures | None = Field(
        description="Null when the warehouse has no telehealth domain or the provider no row in its mart."
    )
    growth: GrowthFigures | None = Field(
        description="Null when the warehouse has no provider-growth domain or the provider referred no one."
    )


class ServiceLineLeakage(BaseModel):
    """The provider's row of marts.mart_referral_leakage for one service line."""

    service_line: str
    referral_orders: int | None = None
    observed_referral_orders: int | None = None
    leaked_referral_orders: int | None = None
    leakage_rate: float | None = None


class ProviderDetail(Provider):
    referral_leakage: list[ServiceLineLeakage] | None = Field(
        description="Provider growth: referral orders by service line and how many leaked (null without the domain)."
    )


class Page(BaseModel):
    total: int = Field(description="Rows matching the filters, over all pages.")
    limit: int
    offset: int


class ProviderPage(Page):
    items: list[Provider]


class Alert(BaseModel):
    alert_id: str
    check_name: str
    subject: str
    severity: Literal["warning", "critical"]
    deviation: str | None
    period_start: date | None
    period_end: date | None
    detected_at: WallClock | None
    is_open: bool
    observed_value: float | None
    value_unit: str | None
    expected_value: float | None
    expected_low: float | None
    expected_high: float | None
    z_score: float | None
    period_volume: int | None
    windows_flagged: int | None
    message: str | None


class AlertPage(Page):
    items: list[Alert]


class ReconciledFile(BaseModel):
    source_file: str
    raw_rows: int
    parsed_rows: int
    clean_rows: int
    quarantined_rows: int
    is_balanced: bool
    refused_files: int


class Reconciliation(BaseModel):
    files: int
    unbalanced_files: int
    raw_rows: int
    quarantined_rows: int
    items: list[ReconciledFile]


class QuarantineCount(BaseModel):
    source_file: str
    reason: str
    rows: int


class QuarantineCounts(BaseModel):
    total_rows: int
    items: list[QuarantineCount]
