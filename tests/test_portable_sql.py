"""One SQL text for every engine: what differs between DuckDB and Spark lives only in dispatched macros.

The proof is the two builds of `make test` (tests/warehouse/test_spark_equality.py); this guard names the file
when a model, or a macro other than a `duckdb__`/`spark__` variant, reaches for one engine's dialect.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from healthcare_ops import settings

# Functions, types and syntax only one of the two engines reads (or reads differently); a name after a dot is
# a Python method or a dbt macro (`dbt.generate_series`), not SQL.
ENGINE_ONLY = re.compile(
    r"(?<![.\w])(list_contains|list_value|list_extract|len|unnest|generate_series|generate_subscripts|regexp_full_match|regexp_matches"
    r"|getvariable|read_blob|read_csv|read_json|timezone|timestamptz|varchar|blob|json_extract\w*|json_valid|isodow"
    r"|try|strftime|epoch|from_csv|from_json|get_json_object|rlike|array_contains|size|posexplode|explode"
    r"|timestampadd|is_valid_utf8|make_valid_utf8|unhex)\s*\(|::|\btarget\.type\b|\b(varchar|blob|timestamptz)\b",
    re.IGNORECASE,
)
VARIANT = re.compile(r"{%-?\s*macro\s+(duckdb|spark)__\w+.*?{%-?\s*endmacro\s*-?%}", re.DOTALL)
COMMENT = re.compile(r"{#.*?#}|--[^\n]*", re.DOTALL)


def sql_files() -> list[Path]:
    return sorted([*(settings.REPO_ROOT / "models").rglob("*.sql"), *(settings.REPO_ROOT / "macros").glob("*.sql"),
                   *(settings.REPO_ROOT / "tests" / "dbt").glob("*.sql")])


def engine_specific(text: str) -> list[str]:
    portable = COMMENT.sub("", VARIANT.sub("", text))
    return sorted({match.group(0) for match in ENGINE_ONLY.finditer(portable)})


@pytest.mark.parametrize("path", sql_files(), ids=lambda path: str(path.relative_to(settings.REPO_ROOT)))
def test_engine_specific_sql_is_only_in_dispatched_macros(path: Path):
    assert engine_specific(path.read_text()) == []


def test_the_guard_sees_a_dialect_outside_a_variant():
    assert engine_specific("select list_contains(x, 1), y::varchar from t") == ["::", "list_contains(", "varchar"]
    assert engine_specific("{% macro duckdb__f() %}select len(x){% endmacro %}") == []
