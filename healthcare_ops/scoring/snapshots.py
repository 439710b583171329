"""Semantic-layer metrics materialised by a grain: the provider-growth marts read these score tables, so a metric's
formula lives once, in its semantic model, and the marts and the opportunity model hold the numbers MetricFlow gives
the dashboard and the API for the same question.

A snapshot is a metric query (healthcare_ops/semantic.py, compiled by MetricFlow to DuckDB SQL) run on the working
build by the store (on Spark, DuckDB over the build's Parquet), its rows sorted by their keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from healthcare_ops import semantic
from healthcare_ops.scoring import tables

if TYPE_CHECKING:
    from healthcare_ops.scoring.phase import ScoringRun

# Metric values are rounded to this many decimals: the semantic layer sums doubles in whatever order an engine's
# files hand the rows over, which moves the last bits; rounded, both engines' snapshots (and so the model's input
# and output) are the same numbers.
DECIMALS = 9
# The unknown provider (dim_provider's missing member) holds what matched no registry provider: no row of its own.
KNOWN_PROVIDER = "{{ Dimension('provider__provider_id') }} <> 'unknown'"


@dataclass(frozen=True)
class Snapshot:
    table: str
    metrics: tuple[str, ...]
    group_by: tuple[str, ...]  # MetricFlow names
    keys: tuple[str, ...]  # their columns in the table, in the same order
    where: tuple[str, ...] = ()


PROVIDERS = Snapshot(tables.OPPORTUNITY_PROVIDERS, tables.PROVIDER_METRICS, ("provider",), ("provider_sk",),
                     (KNOWN_PROVIDER,))
SERVICE_LINES = Snapshot(tables.SERVICE_LINE_METRICS, tables.SERVICE_LINE_METRICS_NAMES, ("encounter__service_line",),
                         ("service_line",))
LEAKAGE = Snapshot(tables.REFERRAL_LEAKAGE_METRICS, tables.LEAKAGE_METRICS,
                   ("provider", "referral_order__service_line"), ("provider_sk", "service_line"), (KNOWN_PROVIDER,))
WRITTEN = (SERVICE_LINES, LEAKAGE)  # PROVIDERS is written by the opportunity model, with its predictions


def read(run: ScoringRun, snapshot: Snapshot) -> pd.DataFrame:
    """The snapshot's rows: its keys as text, its metrics as floats, sorted by the keys."""
    query = semantic.MetricQuery(snapshot.metrics, snapshot.group_by, snapshot.where)
    frame = run.metrics(query)
    plain = [semantic.plain_name(name) for name in snapshot.group_by]
    frame = frame.rename(columns=dict(zip(plain, snapshot.keys, strict=True)))
    for key in snapshot.keys:
        frame[key] = frame[key].astype(object).where(frame[key].notna(), None)
    for metric in snapshot.metrics:
        frame[metric] = pd.to_numeric(frame[metric], errors="coerce").astype("float64").round(DECIMALS)
    ordered = frame.loc[:, [*snapshot.keys, *snapshot.metrics]]
    return ordered.sort_values(list(snapshot.keys), kind="stable", na_position="last").reset_index(drop=True)


def score_snapshots(run: ScoringRun) -> str:
    """The service-line and leakage snapshots written; returns a line to print."""
    counts = []
    for snapshot in WRITTEN:
        frame = read(run, snapshot)
        run.store.write(snapshot.table, tables.to_arrow(snapshot.table, frame))
        counts.append(f"{snapshot.table} {len(frame)} rows")
    return "Provider-growth metrics materialised: " + ", ".join(counts)
