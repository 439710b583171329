"""What the warehouse says about its own values: category orders and labels (the reference seeds),
thresholds (marts.dim_threshold) and each column's display title and format (the mart YAML and
the metric definitions)."""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from healthcare_ops import semantic, settings
from healthcare_ops import warehouse as published
from queries.warehouse import run, semantic_layer


class Category(NamedTuple):
    table: str
    label_column: str
    order_column: str | None  # None: by label


# The categories the dashboard filters, sorts or labels by, and the seed that defines each.
CATEGORIES = {
    "case_type": Category("reference.advocacy__case_types", "case_type_label", "display_order"),
    "priority": Category("reference.advocacy__priorities", "priority_label", "priority_rank"),
    "status": Category("reference.advocacy__case_statuses", "status_label", None),
    "team": Category("reference.advocacy__teams", "team_label", None),
    "device": Category("reference.telehealth__devices", "device_label", None),
    "specialty": Category("reference.registry__specialties", "specialty_label", None),
}


class ColumnFormat(NamedTuple):
    title: str
    format: str | None  # integer, decimal0-2, percent, text, date, timestamp, boolean


# Pages ask for labels and formats once per column and per row of a chart; reading them through the result
# cache costs a hash and an unpickle each time. They are kept per published file instead (its path and
# modification time, so a republished warehouse is read again).


def _published_file() -> tuple[str, int]:
    path = settings.warehouse_path()
    return str(path), published.modified_ns(path)


def categories(kind: str) -> dict[str, str]:
    """Code -> label of one category, in its business order."""
    return _categories(kind, *_published_file())


def column_formats() -> dict[str, ColumnFormat]:
    """Column name -> title and format: metrics and dimensions of the semantic layer, then mart columns."""
    return _column_formats(*_published_file())


@lru_cache(maxsize=32)
def _categories(kind: str, path: str, modified_ns: int) -> dict[str, str]:
    category = CATEGORIES[kind]
    order = category.order_column or category.label_column
    frame = run(f"select {kind} as code, {category.label_column} as label from {category.table} order by {order}")
    return dict(zip(frame.code, frame.label))


def thresholds() -> dict[str, float]:
    """Threshold name -> the value this warehouse was built with."""
    frame = run("select threshold, threshold_value from marts.dim_threshold")
    return dict(zip(frame.threshold, frame.threshold_value))


@lru_cache(maxsize=4)
def _column_formats(path: str, modified_ns: int) -> dict[str, ColumnFormat]:
    layer = semantic_layer()
    formats = {name: ColumnFormat(layer.label(name), layer.format(name)) for name in layer.metrics}
    for dimension, label in layer.dimension_labels().items():
        formats.setdefault(dimension, ColumnFormat(label, "text"))
    columns = run(f"""
        select column_name, title, display_format
        from {semantic.COLUMNS_TABLE}
        where schema_name = 'marts' and title is not null
        order by model_name, column_name
    """)
    for column in columns.itertuples():
        formats.setdefault(column.column_name, ColumnFormat(column.title, column.display_format))
    return formats
