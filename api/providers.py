"""Providers, named only by provider_sk: the conformed dimension (marts.dim_provider) with each domain's mart
beside it, as a section of its own — telehealth's marts.mart_provider_performance and provider growth's
marts.mart_provider_roi. A section is null when the warehouse lacks its domain (mart absent, or the domain's raw
files were not loaded) or the provider has no row in it.

The columns read are the section models' fields (api/schemas.py), where the mart has them; sorting is by a
whitelist of those; filters and paging are bound parameters. No name, NPI, registry id, practice or city.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Literal, NamedTuple

import pandas as pd
from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, StringConstraints

from api.access import DomainAbsent, NotFound, Snapshot, Warehouse
from api.metrics import snapshot, warehouse
from api.schemas import GrowthFigures, Provider, ProviderDetail, ProviderPage, ServiceLineLeakage, TelehealthFigures
from healthcare_ops.semantic import among

router = APIRouter(tags=["providers"])

PROVIDER_COLUMNS = ("provider_sk", "specialty", "service_line", "state", "active_since")


class Section(NamedTuple):
    field: str  # the Provider field that holds it
    table: str
    domain: str
    model: type[BaseModel]


SECTIONS = (
    Section("telehealth", "marts.mart_provider_performance", "telehealth", TelehealthFigures),
    Section("growth", "marts.mart_provider_roi", "provider_growth", GrowthFigures),
)
LEAKAGE = Section("referral_leakage", "marts.mart_referral_leakage", "provider_growth", ServiceLineLeakage)
SortColumn = Enum(  # type: ignore[misc]  # the whitelist, so the OpenAPI schema lists it
    "SortColumn", {name: name for name in (*PROVIDER_COLUMNS, *(f for s in SECTIONS for f in s.model.model_fields))}
)
PROVIDER_SK = r"^[0-9a-f]{32}$"


def _present(current: Snapshot) -> list[Section]:
    return [section for section in SECTIONS if current.has(section.table, section.domain)]


def _select(current: Snapshot, sections: list[Section]) -> tuple[str, str]:
    """The select list and joins of dim_provider with the sections present; a section's column `c` is read as
    `<section>__c`, and `<section>__present` says whether the provider has a row there."""
    columns = [f"providers.{column}" for column in PROVIDER_COLUMNS]
    joins = []
    for section in sections:
        found = set(current.columns[section.table])
        columns += [
            f"{section.field}.{column} as {section.field}__{column}"
            for column in section.model.model_fields
            if column in found
        ]
        columns.append(f"{section.field}.provider_sk is not null as {section.field}__present")
        joins.append(
            f"left join {section.table} as {section.field} on {section.field}.provider_sk = providers.provider_sk"
        )
    return ",\n".join(columns), "\n".join(joins)


def _providers(frame: pd.DataFrame, sections: list[Section]) -> list[Provider]:
    plain = frame.astype(object).where(frame.notna(), None)
    providers = []
    for record in plain.to_dict(orient="records"):
        values = {column: record[column] for column in PROVIDER_COLUMNS}
        for section in SECTIONS:
            figures = None
            if section in sections and record[f"{section.field}__present"]:
                prefix = f"{section.field}__"
                figures = section.model(
                    **{field: record[prefix + field] for field in section.model.model_fields if prefix + field in record}
                )
            values[section.field] = figures
        providers.append(Provider(**values))
    return providers


Code = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_\-]{1,64}$")]


@router.get("/providers", response_model=ProviderPage, summary="Providers, filtered, sorted and paged")
def list_providers(
    store: Annotated[Warehouse, Depends(warehouse)],
    current: Annotated[Snapshot, Depends(snapshot)],
    specialty: Annotated[list[Code], Query(max_length=50, description="Specialty codes (any of them).")] = [],  # noqa: B006
    service_line: Annotated[list[Code], Query(max_length=50, description="Service lines (any of them).")] = [],  # noqa: B006
    state: Annotated[list[Code], Query(max_length=60, description="Practice states (any of them).")] = [],  # noqa: B006
    pipeline_stage: Annotated[
        list[Code], Query(max_length=20, description="Provider growth: pipeline stages (any of them).")
    ] = [],  # noqa: B006
    sort: Annotated[SortColumn, Query(description="Column to sort by, nulls last (ties by provider_sk).")] = (
        SortColumn.provider_sk
    ),
    order: Annotated[Literal["asc", "desc"], Query()] = "asc",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
):
    sections = _present(current)
    owner = {field: section for section in SECTIONS for field in section.model.model_fields}
    growth = next(section for section in SECTIONS if section.field == "growth")
    if sort.value in owner and owner[sort.value] not in sections:
        raise DomainAbsent(f"Cannot sort by {sort.value}: this warehouse has no {owner[sort.value].domain} domain.")
    if pipeline_stage and growth not in sections:
        raise DomainAbsent("Cannot filter by pipeline_stage: this warehouse has no provider_growth domain.")
    columns, joins = _select(current, sections)
    # the sort key as `filtered` names it; a column the section's mart lacks (an older build) sorts nothing
    sort_key = f"{owner[sort.value].field}__{sort.value}" if sort.value in owner else sort.value
    if sort.value in owner and sort.value not in current.columns[owner[sort.value].table]:
        sort_key = "null"
    stage = among("pipeline_stages", "growth.pipeline_stage") if growth in sections else "true"
    frame = store.query(
        f"""
        with

        filtered as (
            select
                {columns}
            from marts.dim_provider as providers
            {joins}
            where providers.provider_id <> 'unknown'
                and {among("specialties", "providers.specialty")}
                and {among("service_lines", "providers.service_line")}
                and {among("states", "providers.state")}
                and {stage}
        ),

        counted as (
            select count(*) as total from filtered
        ),

        page as (
            select
                filtered.*,
                row_number() over (order by {sort_key} {order} nulls last, provider_sk) as page_rank
            from filtered
            order by page_rank
            limit $limit offset $offset
        )

        -- one row with the total even when the page is empty
        select counted.total, page.* exclude (page_rank)
        from counted
        left join page on true
        order by page.page_rank
        """,
        {
            "specialties": specialty, "service_lines": service_line, "states": state, "limit": limit, "offset": offset,
            **({"pipeline_stages": pipeline_stage} if growth in sections else {}),
        },
    )  # fmt: skip
    rows = frame[frame.provider_sk.notna()].drop(columns="total")
    return ProviderPage(total=int(frame.total.iloc[0]), limit=limit, offset=offset, items=_providers(rows, sections))


@router.get(
    "/providers/{provider_sk}", response_model=ProviderDetail, summary="One provider, with every domain's figures"
)
def get_provider(
    store: Annotated[Warehouse, Depends(warehouse)],
    current: Annotated[Snapshot, Depends(snapshot)],
    provider_sk: Annotated[str, Path(pattern=PROVIDER_SK, description="The provider's key (32 hex digits).")],
):
    sections = _present(current)
    columns, joins = _select(current, sections)
    frame = store.query(
        f"""
        select
            {columns}
        from marts.dim_provider as providers
        {joins}
        where providers.provider_sk = $provider_sk and providers.provider_id <> 'unknown'
        """,
        {"provider_sk": provider_sk},
    )
    if frame.empty:
        raise NotFound(f"There is no provider {provider_sk}.")
    return ProviderDetail(**_providers(frame, sections)[0].model_dump(), referral_leakage=_leakage(store, current, provider_sk))


def _leakage(store: Warehouse, current: Snapshot, provider_sk: str) -> list[ServiceLineLeakage] | None:
    """The provider's referral orders by service line (none when it referred no one), or None without the domain."""
    if not current.has(LEAKAGE.table, LEAKAGE.domain):
        return None
    found = set(current.columns[LEAKAGE.table])
    columns = ", ".join(column for column in ServiceLineLeakage.model_fields if column in found)
    frame = store.query(
        f"select {columns} from {LEAKAGE.table} where provider_sk = $provider_sk order by service_line",
        {"provider_sk": provider_sk},
    )
    return [ServiceLineLeakage(**record) for record in frame.astype(object).where(frame.notna(), None).to_dict("records")]
