"""Alerts (marts.mart_alerts, as `make monitor` and the Telehealth page list them) and data quality: the
quarantine's counts by raw file and reason, and the reconciliation of every raw file (quality schema).

The quarantine's rows themselves (raw_values) are not served: a quarantined line is raw text, whatever it held.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import StringConstraints

from api.access import Warehouse
from api.metrics import snapshot, warehouse
from api.schemas import Alert, AlertPage, QuarantineCount, QuarantineCounts, ReconciledFile, Reconciliation
from healthcare_ops.monitoring import ALERT_ORDER
from healthcare_ops.semantic import among

router = APIRouter(tags=["monitoring"], dependencies=[Depends(snapshot)])  # snapshot: 503 on no warehouse
Name = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.\-]{1,100}$")]


@router.get("/alerts", response_model=AlertPage, summary="Alerts of the monitoring layer, critical first")
def alerts(
    store: Annotated[Warehouse, Depends(warehouse)],
    open_only: Annotated[bool, Query(description="Only open alerts (the mart's is_open).")] = True,
    severity: Annotated[list[Literal["warning", "critical"]], Query(max_length=2)] = [],  # noqa: B006
    check_name: Annotated[list[Name], Query(max_length=20)] = [],  # noqa: B006
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
):
    columns = ", ".join(Alert.model_fields)
    frame = store.query(
        f"""
        with

        chosen as (
            select {columns}
            from marts.mart_alerts
            where (is_open or not $open_only)
                and {among("severities", "severity")}
                and {among("check_names", "check_name")}
        ),

        page as (
            select *, row_number() over (order by {ALERT_ORDER}, alert_id) as page_rank
            from chosen
            order by page_rank
            limit $limit offset $offset
        )

        -- one row with the total even when the page is empty
        select (select count(*) from chosen) as total, page.* exclude (page_rank)
        from (select 1) as one
        left join page on true
        order by page.page_rank
        """,
        {"open_only": open_only, "severities": severity, "check_names": check_name, "limit": limit, "offset": offset},
    )
    rows = frame[frame.alert_id.notna()].drop(columns="total")
    items = [Alert(**record) for record in rows.astype(object).where(rows.notna(), None).to_dict(orient="records")]
    return AlertPage(total=int(frame.total.iloc[0]), limit=limit, offset=offset, items=items)


@router.get("/quality/reconciliation", response_model=Reconciliation, summary="Every raw file's rows accounted for")
def reconciliation(store: Annotated[Warehouse, Depends(warehouse)]):
    frame = store.query(f"select {', '.join(ReconciledFile.model_fields)} from quality.reconciliation order by source_file")
    items = [ReconciledFile(**record) for record in frame.to_dict(orient="records")]
    return Reconciliation(
        files=len(items),
        unbalanced_files=sum(not item.is_balanced for item in items),
        raw_rows=sum(item.raw_rows for item in items),
        quarantined_rows=sum(item.quarantined_rows for item in items),
        items=items,
    )


@router.get("/quality/quarantine", response_model=QuarantineCounts, summary="Quarantined rows by raw file and reason")
def quarantine(
    store: Annotated[Warehouse, Depends(warehouse)],
    source_file: Annotated[list[Name], Query(max_length=50)] = [],  # noqa: B006
    reason: Annotated[list[Name], Query(max_length=50)] = [],  # noqa: B006
):
    frame = store.query(
        f"""
        select source_file, reason, count(*) as rows
        from quality.quarantine
        where {among("source_files", "source_file")} and {among("reasons", "reason")}
        group by source_file, reason
        order by source_file, reason
        """,
        {"source_files": source_file, "reasons": reason},
    )
    items = [QuarantineCount(**record) for record in frame.to_dict(orient="records")]
    return QuarantineCounts(total_rows=sum(item.rows for item in items), items=items)
