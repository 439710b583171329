"""The semantic layer at query time: metric queries compiled by MetricFlow, run read-only.

Every KPI is a metric in models/marts/<domain>/_<domain>__semantic.yml. A reader asks for
metrics by name, grouped by dimensions, with filters written as MetricFlow where-templates
whose values are DuckDB named parameters (`$start`, `$departments`); MetricFlow compiles the
SQL once per query shape, and the values are bound when it runs, never pasted into it.

The definitions come from the warehouse itself: publishing stores the build's semantic
manifest in meta.semantic_manifest, so a reader always compiles against the definitions its
tables were built with.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd
from metricflow.engine.metricflow_engine import MetricFlowEngine, MetricFlowQueryRequest
from metricflow.protocols.sql_client import SqlEngine
from metricflow.sql.render.duckdb_renderer import DuckDbSqlPlanRenderer
from metricflow_semantics.model.dbt_manifest_parser import parse_manifest_from_dbt_generated_manifest
from metricflow_semantics.model.semantic_manifest_lookup import SemanticManifestLookup

MANIFEST_TABLE = "meta.semantic_manifest"
COLUMNS_TABLE = "meta.column_formats"  # display title and format of every documented mart column
Reader = Callable[[str, dict[str, object]], pd.DataFrame]
PARAMETER = re.compile(r"\$([a-z_][a-z0-9_]*)")


@dataclass(frozen=True)
class MetricQuery:
    """Metrics by name, grouped by MetricFlow names (`case__case_type`, `metric_time__day`), filtered by templates."""

    metrics: tuple[str, ...]
    group_by: tuple[str, ...] = ()
    where: tuple[str, ...] = ()
    order_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class CompiledQuery:
    sql: str
    parameters: tuple[str, ...]  # the named parameters the SQL binds
    columns: dict[str, str] = field(default_factory=dict)  # MetricFlow output name -> plain name


class _DuckDbDialect:
    """What MetricFlow needs of a SQL client to compile (never to run) DuckDB SQL."""

    sql_engine_type = SqlEngine.DUCKDB
    sql_plan_renderer = DuckDbSqlPlanRenderer()

    @staticmethod
    def render_bind_parameter_key(bind_parameter_key: str) -> str:
        return f"${bind_parameter_key}"


def _without_database(node: object) -> object:
    """The manifest with every relation named schema.table: the database name follows the warehouse's file
    name, which changes when a build is published or a snapshot copied."""
    if isinstance(node, dict):
        if "node_relation" in node and isinstance(node["node_relation"], dict):
            node["node_relation"] = {**node["node_relation"], "database": None, "relation_name": ""}
        for value in node.values():
            _without_database(value)
    elif isinstance(node, list):
        for value in node:
            _without_database(value)
    return node


def between_days(day: str) -> tuple[str, str]:
    """Conditions keeping a day (a SQL expression or a where-template) within the bound parameters $start and
    $end, both inclusive; a null bound is no bound."""
    return (
        f"(cast($start as date) is null or {day} >= cast($start as date))",
        f"(cast($end as date) is null or {day} <= cast($end as date))",
    )


def among(parameter: str, reference: str) -> str:
    """A condition: the reference (a SQL expression or a where-template) is one of the list parameter's values,
    or the list is empty (no filter)."""
    values = f"cast(${parameter} as varchar[])"
    return f"(len({values}) = 0 or list_contains({values}, {reference}))"


# The date range of a metric query. metric_time is each measure's own day (a case's creation, an event's hour,
# a stay's end, a discharge), so one date filter counts every figure on its own day.
METRIC_DAYS = between_days("{{ TimeDimension('metric_time', 'day') }}")


def plain_name(metricflow_name: str) -> str:
    """`case__case_type` -> `case_type`, `metric_time__day` -> `metric_time`: the last part that is not a grain."""
    parts = metricflow_name.split("__")
    if parts[0] == "metric_time":
        return "metric_time"
    return parts[-1]


class SemanticLayer:
    """A MetricFlow engine over one semantic manifest, compiling metric queries to DuckDB SQL."""

    def __init__(self, manifest_json: str) -> None:
        manifest = parse_manifest_from_dbt_generated_manifest(json.dumps(_without_database(json.loads(manifest_json))))
        self.lookup = SemanticManifestLookup(manifest)
        self.engine = MetricFlowEngine(self.lookup, _DuckDbDialect())
        self.metrics = {metric.name: metric for metric in manifest.metrics}
        self._compiled: dict[MetricQuery, CompiledQuery] = {}
        # MetricFlow numbers the aliases of a compile with a process-wide counter it resets per query:
        # two compiles at once (two dashboard sessions, API requests) would interleave them.
        self._compiling = threading.Lock()

    def compile(self, query: MetricQuery) -> CompiledQuery:
        """The query's SQL, compiled once per query shape (the values are bound later)."""
        with self._compiling:
            if query not in self._compiled:
                self._compiled[query] = self._compile(query)
            return self._compiled[query]

    def _compile(self, query: MetricQuery) -> CompiledQuery:
        request = MetricFlowQueryRequest.create(
            metric_names=list(query.metrics),
            group_by_names=list(query.group_by),
            where_constraints=list(query.where),
            order_by_names=list(query.order_by),
        )
        sql = self.engine.explain(request).sql_statement.sql
        parameters = tuple(dict.fromkeys(PARAMETER.findall(" ".join(query.where))))
        return CompiledQuery(sql, parameters, {name: plain_name(name) for name in query.group_by})

    def query(self, query: MetricQuery, values: Mapping[str, object], read: Reader) -> pd.DataFrame:
        """The query's result, columns named plainly, counts as integers; `read(sql, parameters)` runs SQL on
        the warehouse (cached, retried or plain, as the reader likes)."""
        compiled = self.compile(query)
        frame = read(compiled.sql, {name: values[name] for name in compiled.parameters})
        frame = frame.rename(columns=compiled.columns)
        for metric in query.metrics:
            if self.format(metric) == "integer":
                frame[metric] = frame[metric].astype("Int64")
        return frame

    def dimension_labels(self) -> dict[str, str]:
        """Dimension name -> label, for the dimensions that have one."""
        return {
            dimension.name: dimension.label
            for model in self.lookup.semantic_manifest.semantic_models
            for dimension in model.dimensions
            if dimension.label
        }

    def label(self, metric: str) -> str:
        return self.metrics[metric].label or metric

    def format(self, metric: str) -> str | None:
        config = self.metrics[metric].config
        return (config.meta or {}).get("format") if config else None
