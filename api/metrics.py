"""KPIs from the semantic layer: the catalogue of metrics, and one metric by the dimensions and period asked for.

A metric is asked for by name and compiled by MetricFlow (healthcare_ops/semantic.py), once per query shape;
the date range is bound as parameters ($start, $end) of the same where-template the dashboard uses. A metric
can be grouped by the categorical dimensions MetricFlow allows for it, except identifier-like ones (a name, an
id, an NPI), and counted by period (its metric_time at a grain).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Annotated, get_args

import pandas as pd
from fastapi import APIRouter, Depends, Query

from api.access import BadRequest, DomainAbsent, NotFound, Snapshot, Warehouse, metric_domains
from api.schemas import Dimension, Domain, Grain, MetricInfo, MetricResult, MetricRow, Value
from healthcare_ops import semantic

router = APIRouter(tags=["metrics"])
GRAINS: tuple[Grain, ...] = get_args(Grain)
MAX_GROUP_BY = 3
MAX_ROWS = 10_000
# Dimensions that would identify someone are never offered: any id, an NPI or contact detail, and the name of a
# person or a practice (a supply item's name is a catalogue entry, and stays). Providers are told apart by
# provider_sk alone (GET /v1/providers).
IDENTIFIER_NAMES = frozenset({"npi", "email", "phone", "street", "billing_street", "birth_date"})
NAMED_ENTITIES = frozenset({"provider", "advocate", "patient", "contact", "practice", "account"})


def warehouse() -> Warehouse:  # replaced by the app with its own (api/app.py)
    raise NotImplementedError


def snapshot(store: Annotated[Warehouse, Depends(warehouse)]) -> Snapshot:
    return store.snapshot()


def is_identifier(dimension: str) -> bool:
    """`provider__provider_name`, `advocate__advocate_id`, `contact__npi`: yes; `supply_item__item_name`: no."""
    *entities, plain = dimension.split("__")
    names_someone = plain.endswith("_name") and bool(NAMED_ENTITIES.intersection(entities))
    return plain in IDENTIFIER_NAMES or plain.endswith("_id") or names_someone


@lru_cache(maxsize=4)
def catalogue(layer: semantic.SemanticLayer) -> dict[str, MetricInfo]:
    """Every metric of the layer with the dimensions it may be grouped by (availability left for the snapshot)."""
    domains = metric_domains()
    metrics = {}
    for name, metric in sorted(layer.metrics.items()):
        dimensions = [
            Dimension(name=dimension.dunder_name, label=dimension.label)
            for dimension in layer.engine.simple_dimensions_for_metrics([name])
            if dimension.type.value == "categorical" and not is_identifier(dimension.dunder_name)
        ]
        metrics[name] = MetricInfo(
            name=name,
            label=layer.label(name),
            description=metric.description,
            format=layer.format(name),
            type=metric.type.value,
            domain=domains.get(name),
            available=True,
            dimensions=sorted(dimensions, key=lambda dimension: dimension.name),
            grains=list(GRAINS),
        )
    return metrics


def available(snapshot: Snapshot) -> dict[str, MetricInfo]:
    """The catalogue, each metric marked available when its domain was loaded in this warehouse."""
    return {
        name: info.model_copy(update={"available": info.domain is None or info.domain in snapshot.loaded_domains})
        for name, info in catalogue(snapshot.layer).items()
    }


@router.get("/domains", response_model=list[Domain], summary="The domains and whether this warehouse loaded them")
def domains(store: Annotated[Warehouse, Depends(warehouse)], current: Annotated[Snapshot, Depends(snapshot)]):
    counts = pd.Series(metric_domains()).value_counts()
    frame = store.query("""
        select domain, is_required, is_loaded, raw_files_expected, raw_files_found
        from quality.loaded_domains
        order by is_required desc, domain
    """)
    return [Domain(**row, metrics=int(counts.get(row["domain"], 0))) for row in frame.to_dict(orient="records")]


@router.get("/metrics", response_model=list[MetricInfo], summary="The catalogue of metrics")
def list_metrics(
    current: Annotated[Snapshot, Depends(snapshot)],
    domain: Annotated[str | None, Query(description="Only this domain's metrics.", pattern="^[a-z_]{1,40}$")] = None,
):
    return [info for info in available(current).values() if domain is None or info.domain == domain]


@router.get("/metrics/{name}", response_model=MetricResult, summary="One metric, by dimensions and period")
def get_metric(
    store: Annotated[Warehouse, Depends(warehouse)],
    current: Annotated[Snapshot, Depends(snapshot)],
    name: str,
    group_by: Annotated[
        list[str], Query(description="Dimensions to group by (the catalogue lists each metric's).", max_length=8)
    ] = [],  # noqa: B006 (FastAPI copies a list default)
    grain: Annotated[Grain | None, Query(description="Count by period: the metric's own day, at this grain.")] = None,
    start: Annotated[date | None, Query(description="First day counted (inclusive).")] = None,
    end: Annotated[date | None, Query(description="Last day counted (inclusive).")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_ROWS, description="Rows returned at most.")] = 1000,
):
    info = available(current).get(name)
    if info is None:
        raise NotFound(f"There is no metric {name!r}: GET /v1/metrics lists them.")
    if not info.available:
        raise DomainAbsent(f"Metric {name!r} belongs to the {info.domain} domain, which this warehouse has not loaded.")
    allowed = {dimension.name for dimension in info.dimensions}
    unknown = [dimension for dimension in group_by if dimension not in allowed]
    if unknown:
        raise BadRequest(
            f"{name} cannot be grouped by {', '.join(unknown)}; it can be grouped by {', '.join(sorted(allowed))}."
        )
    if len(set(group_by)) != len(group_by) or len(group_by) > MAX_GROUP_BY:
        raise BadRequest(f"group_by takes up to {MAX_GROUP_BY} different dimensions.")
    if start and end and start > end:
        raise BadRequest(f"The date range ends ({end}) before it starts ({start}).")

    time = (f"metric_time__{grain}",) if grain else ()
    shape = semantic.MetricQuery((name,), (*time, *group_by), semantic.METRIC_DAYS, order_by=(*time, *group_by))
    compiled = current.layer.compile(shape)
    values = {"start": start, "end": end}
    frame = store.query(compiled.sql, {parameter: values[parameter] for parameter in compiled.parameters})
    rows = [
        MetricRow(
            period=record.pop(time[0]).date() if time and record[time[0]] is not None else None,
            dimensions={dimension: record[dimension] for dimension in group_by},
            value=record[name],
        )
        for record in _records(frame.head(limit), integer=info.format == "integer", metric=name)
    ]
    return MetricResult(
        metric=name, label=info.label, format=info.format, domain=info.domain, group_by=group_by, grain=grain,
        start=start, end=end, total_rows=len(frame), rows=rows,
    )  # fmt: skip


def _records(frame: pd.DataFrame, integer: bool, metric: str) -> list[dict[str, Value]]:
    """The rows as plain Python values, missing ones None (JSON has no NaN)."""
    if integer:
        frame = frame.assign(**{metric: frame[metric].astype("Int64")})
    plain = frame.astype(object).where(frame.notna(), None)
    return [
        {column: value.item() if hasattr(value, "item") else value for column, value in record.items()}
        for record in plain.to_dict(orient="records")
    ]
