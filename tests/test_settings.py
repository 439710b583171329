"""The default paths are written once (healthcare_ops/settings.py); dbt's copies for hand-run dbt must agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from healthcare_ops import settings

ENV_DEFAULT = re.compile(r"env_var\('(?P<name>[A-Z_]+)', '(?P<default>[^']+)'\)")


def dbt_defaults() -> list[tuple[Path, str, str]]:
    """(file, variable, default) of every env_var with a default in profiles.yml and the dbt sources."""
    files = [settings.REPO_ROOT / "profiles.yml", *sorted((settings.REPO_ROOT / "models").rglob("_*__sources.yml"))]
    return [(path, match["name"], match["default"]) for path in files for match in ENV_DEFAULT.finditer(path.read_text())]


def test_dbt_repeats_the_settings_defaults():
    expected = {"RAW_DIR": settings.DEFAULT_RAW_DIR, "WAREHOUSE_PATH": settings.DEFAULT_WAREHOUSE_PATH,
                "SPARK_WAREHOUSE_DIR": settings.DEFAULT_SPARK_WAREHOUSE_DIR}
    found = dbt_defaults()
    assert {name for _, name, _ in found} == set(expected)
    for path, name, default in found:
        assert default == expected[name], f"{path.name}: {name} defaults to {default}, settings say {expected[name]}"


@pytest.mark.parametrize("variable, read", [("RAW_DIR", settings.raw_dir), ("WAREHOUSE_PATH", settings.warehouse_path)])
def test_relative_paths_are_taken_from_the_repository_root(variable, read, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(variable, "somewhere/else")
    assert read() == settings.REPO_ROOT / "somewhere/else"
    monkeypatch.setenv(variable, str(tmp_path / "absolute"))
    assert read() == tmp_path / "absolute"
    monkeypatch.delenv(variable)
    assert read().is_relative_to(settings.REPO_ROOT)

