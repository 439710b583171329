"""python -m pipeline.no_show_report [--warehouse PATH]

What a published warehouse made of its appointments and how its no-show model did: per raw file of the registry and
telehealth, lines read = clean + quarantined (by reason), then every row of marts.mart_no_show_model (the model
judged out of time and its lead-time baseline), labelled with the titles and formats the mart documents. `make
real-no-show` runs it on the warehouse built from the Medical Appointment No Shows export (README, "A real export").
It reads only what the warehouse holds: no figure is computed here.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb
import pandas as pd

from healthcare_ops import semantic, settings
from healthcare_ops import warehouse as published

MODEL_MART = ("marts", "mart_no_show_model")
FILES = ("patients.csv", "providers.csv", "appointments.csv", "appointment_feedback.csv")
# How a documented display format is printed (the mart's YAML gives each column one).
FORMATS = {
    "percent": "{:.1%}", "decimal1": "{:,.1f}", "decimal2": "{:,.2f}", "decimal3": "{:,.3f}", "integer": "{:,.0f}",
}


def shown(value: object, display_format: str | None) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    if display_format in FORMATS and isinstance(value, int | float):
        return FORMATS[display_format].format(value)
    if display_format == "boolean" or isinstance(value, bool):
        return "yes" if value else "no"
    if display_format == "date" and isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def reconciliation(path: Path) -> str:
    counts = published.query(
        "select source_file, cast(raw_rows as bigint) as raw_rows, clean_rows, quarantined_rows from quality.reconciliation "
        "where source_file in (select unnest(?)) order by source_file", [list(FILES)], path)
    reasons = published.query(
        "select source_file, reason, count(*) as quarantined from quality.quarantine "
        "group by source_file, reason order by source_file, quarantined desc, reason", path=path)
    lines = []
    for row in counts.itertuples():
        held = reasons[reasons.source_file == row.source_file]
        why = ", ".join(f"{reason.reason} {reason.quarantined:,}" for reason in held.itertuples())
        lines.append(f"  {row.source_file}: {row.raw_rows:,} lines = {row.clean_rows:,} clean + "
                     f"{row.quarantined_rows:,} quarantined" + (f" ({why})" if why else ""))
    return "\n".join(lines)


def model_blocks(path: Path) -> str | None:
    """One block per row of the mart (a model), one line per documented column; None when there is no such mart."""
    schema, table = MODEL_MART
    present = published.query(
        "select count(*) as n from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, table], path)
    if present.n.iloc[0] == 0:
        return None
    models = published.query(f"select * from {schema}.{table}", path=path)
    documented = published.query(
        f"select column_name, title, display_format from {semantic.COLUMNS_TABLE} "
        "where schema_name = ? and model_name = ? and column_name not like '\\_%' escape '\\'",
        [schema, table], path).set_index("column_name")
    columns = [column for column in models.columns if column in documented.index]
    width = max((len(documented.title[column] or column) for column in columns), default=0)
    blocks = []
    for _, model in models.iterrows():  # one per model evaluated: two or three rows
        blocks.append("\n".join(
            f"  {documented.title[column] or column:<{width}}  {shown(model[column], documented.display_format[column])}"
            for column in columns))
    return "\n\n".join(blocks)


def report(path: Path) -> int:
    print(f"Warehouse {path}")
    print(reconciliation(path))
    table = model_blocks(path)
    if table is None:
        print(f"\n{'.'.join(MODEL_MART)} is not in this warehouse: its build had no no-show model (the scoring "
              "phase), so there is no AUC to show.", file=sys.stderr)
        return 1
    print(f"\nThe no-show model, judged out of time ({'.'.join(MODEL_MART)}):")
    print(table)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.no_show_report", description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, default=settings.warehouse_path(),
                        help="the published warehouse (default $WAREHOUSE_PATH or data/warehouse.duckdb)")
    options = parser.parse_args(argv)
    if not options.warehouse.is_file():
        print(f"No warehouse at {options.warehouse}", file=sys.stderr)
        return 2
    try:
        return report(options.warehouse)
    except duckdb.Error as error:
        print(f"Could not read {options.warehouse}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
