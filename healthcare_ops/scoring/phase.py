"""The build in stages, the same on both engines (pipeline/publish.py, pipeline/spark_publish.py):

1. dbt build of everything that does not read the scores (`--exclude source:scores+`);
2. each scoring stage in turn (STAGES): it reads the working warehouse, writes its `scores` tables, and dbt then
   builds what reads those tables but no table of a later stage (`--select source:scores.<its tables>+ --exclude
   source:scores.<later stages' tables>+`); what reads tables of two stages is built after the later one.

Stage 1 scores what the first dbt build holds (no-show, sentiment); stage 2, the opportunity model, reads
semantic-layer metrics by provider, which need the provider crosswalk dbt builds from stage 1's tables. A new
scorer joins the stage whose inputs it needs; a scorer needing another's output goes in a later stage.

A `dbt build` run by hand skips the scoring: the warehouse is built by `make warehouse` (README, "No-show model").
"""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from healthcare_ops import semantic
from healthcare_ops.scoring import features, no_show, opportunity, provider_matching, sentiment, snapshots, tables
from healthcare_ops.scoring.store import ScoreStore

SCORES_SELECTOR = f"source:{tables.SCHEMA}+"


@dataclass
class ScoringRun:
    """What a scorer is handed: the working warehouse's store, and its semantic layer (the first dbt build's
    semantic manifest), whose metrics the store runs."""

    store: ScoreStore
    manifest_path: Path | None = None
    _layer: semantic.SemanticLayer | None = None

    def metrics(self, query: semantic.MetricQuery) -> pd.DataFrame:
        if self._layer is None:
            if self.manifest_path is None or not self.manifest_path.is_file():
                raise FileNotFoundError(f"no semantic manifest at {self.manifest_path}: the first dbt build writes it")
            self._layer = semantic.SemanticLayer(self.manifest_path.read_text())
        return self._layer.query(query, {}, lambda sql, _values: self.store.query(sql))


@dataclass(frozen=True)
class Scorer:
    name: str
    tables: tuple[str, ...]  # the score tables it writes, every one on every run
    score: Callable[[ScoringRun], str]  # writes them; returns the report to print


@dataclass(frozen=True)
class Stage:
    scorers: tuple[Scorer, ...]

    @property
    def tables(self) -> tuple[str, ...]:
        return tuple(table for scorer in self.scorers for table in scorer.tables)


def score_telehealth(run: ScoringRun) -> str:
    """No-show model and comment sentiment: every telehealth score table written; returns the report."""
    store = run.store
    frame = features.prepare(store.read(tables.FEATURES_RELATION))
    scoring = no_show.score(frame, features.due(frame), features.upcoming(frame))
    comments = store.read(tables.COMMENTS_RELATION).sort_values("feedback_id", kind="stable")
    scored_comments = sentiment.feedback_sentiment(comments)
    written = {
        tables.NO_SHOW_MODEL: scoring.models,
        tables.NO_SHOW_CALIBRATION: scoring.calibration,
        tables.NO_SHOW_DRIVERS: scoring.drivers,
        tables.NO_SHOW_RISK: scoring.risk,
        tables.FEEDBACK_SENTIMENT: scored_comments,
    }
    for name, table in written.items():
        store.write(name, tables.to_arrow(name, table))
    return report(scoring, comments.assign(sentiment_score=scored_comments["sentiment_score"].to_numpy()))


TELEHEALTH = Scorer("no-show and sentiment", (tables.NO_SHOW_MODEL, tables.NO_SHOW_CALIBRATION,
                                              tables.NO_SHOW_DRIVERS, tables.NO_SHOW_RISK, tables.FEEDBACK_SENTIMENT),
                    score_telehealth)


def score_provider_matching(run: ScoringRun) -> str:
    """Splink's CRM contact to registry provider links (healthcare_ops/scoring/provider_matching.py) written."""
    written = provider_matching.match_providers(run.store)
    for name, table in written.items():
        run.store.write(name, tables.to_arrow(name, table))
    return f"Provider matching: {', '.join(f'{name} {len(table)} rows' for name, table in written.items())}"


PROVIDER_MATCHING = Scorer("provider matching", (tables.PROVIDER_MATCHES, tables.PROVIDER_MATCH_TRUTH),
                           score_provider_matching)
OPPORTUNITY = Scorer("opportunity model", opportunity.TABLES, opportunity.score_run)
METRIC_SNAPSHOTS = Scorer("provider-growth metrics", tuple(snapshot.table for snapshot in snapshots.WRITTEN),
                          snapshots.score_snapshots)
STAGES: tuple[Stage, ...] = (Stage((TELEHEALTH, PROVIDER_MATCHING)), Stage((OPPORTUNITY, METRIC_SNAPSHOTS)))


def source_selectors(table_names: tuple[str, ...]) -> list[str]:
    return [f"source:{tables.SCHEMA}.{name}+" for name in table_names]


def dbt_stages(dbt_args: list[str], stages: tuple[Stage, ...] = STAGES) -> list[list[str]]:
    """The dbt arguments of the build before the first stage and after each; the caller's own go to every one."""
    builds = [[*dbt_args, "--exclude", SCORES_SELECTOR]]
    for position, stage in enumerate(stages):
        later = tuple(table for other in stages[position + 1:] for table in other.tables)
        build = [*dbt_args, "--select", *source_selectors(stage.tables)]
        builds.append([*build, "--exclude", *source_selectors(later)] if later else build)
    return builds


def build_with_scores(dbt_build: Callable[[list[str]], bool],
                      open_store: Callable[[], AbstractContextManager[ScoreStore]], dbt_args: list[str],
                      manifest_path: Path | None = None, stages: tuple[Stage, ...] = STAGES) -> bool:
    """The first dbt build, then each stage on the store open_store() opens and the dbt build after it; False (and
    nothing more run) when one fails. manifest_path: the semantic manifest the first dbt build writes."""
    builds = dbt_stages(dbt_args, stages)
    if not dbt_build(builds[0]):
        return False
    for stage, build in zip(stages, builds[1:], strict=True):
        if not run_stage(stage, open_store, manifest_path) or not dbt_build(build):
            return False
    return True


def run_stage(stage: Stage, open_store: Callable[[], AbstractContextManager[ScoreStore]],
              manifest_path: Path | None) -> bool:
    started = time.perf_counter()
    try:
        with open_store() as store:
            run = ScoringRun(store, manifest_path)
            reports = [scorer.score(run) for scorer in stage.scorers]
    except Exception:  # noqa: BLE001 - any failure of the phase stops the publish, with its traceback shown
        traceback.print_exc()
        print("\nScoring phase failed (see the traceback above).", file=sys.stderr)
        return False
    names = ", ".join(scorer.name for scorer in stage.scorers)
    print("\n".join(reports) + f"\nScoring stage ({names}): {time.perf_counter() - started:.1f} s\n", flush=True)
    return True


def score_warehouse(store: ScoreStore, manifest_path: Path | None = None,
                    stages: tuple[Stage, ...] = STAGES) -> str:
    """Every stage's scorers, without the dbt builds between them (their inputs must be in the store already)."""
    run = ScoringRun(store, manifest_path)
    return "\n".join(scorer.score(run) for stage in stages for scorer in stage.scorers)


def number(value: object, digits: int = 3) -> str:
    return "n/a" if value is None or pd.isna(value) else f"{value:.{digits}f}"


def report(scoring: no_show.Scoring, comments: pd.DataFrame) -> str:
    lines = ["", "No-show model (out of time; README, \"No-show model\")"]
    if scoring.models.empty:
        lines.append("  not trained: the due appointments hold no no-show, no attended one, or no known feature")
    else:
        first = scoring.models.iloc[0]
        lines.append(f"  trained on {first.train_rows} due appointments before {first.training_cutoff} "
                     f"({first.train_no_shows} no-shows), tested on {first.test_rows} from then on "
                     f"({first.test_no_shows} no-shows, rate {number(first.test_no_show_rate)})")
        lines.append(f"  {'model':<20} {'AUC':>6} {'baseline':>9} {'AUC gain':>9} {'top-decile rate':>16} "
                     f"{'top-decile lift':>16}")
        for row in scoring.models.itertuples():
            lines.append(f"  {row.model_name:<20} {number(row.auc):>6} {number(row.baseline_auc):>9} "
                         f"{number(row.auc_gain):>9} {number(row.top_decile_no_show_rate):>16} "
                         f"{number(row.top_decile_lift, 2):>16}")
        lines.append("  calibration by decile of predicted risk (test set):")
        lines.append(f"  {'model':<20} {'decile':>6} {'rows':>6} {'no-shows':>9} {'predicted':>10} {'observed':>9}")
        for row in scoring.calibration.itertuples():
            lines.append(f"  {row.model_name:<20} {row.decile:>6} {row.appointments:>6} {row.no_shows:>9} "
                         f"{number(row.mean_predicted_risk):>10} {number(row.observed_no_show_rate):>9}")
    if not scoring.drivers.empty:
        ranked = ", ".join(f"{row.feature} {row.mean_abs_contribution:.3f}" for row in scoring.drivers.itertuples())
        lines.append(f"  drivers (mean |SHAP|, log-odds, all due history): {ranked}")
    lines.append(f"  upcoming appointments scored: {len(scoring.risk)}")
    by_rating = comments.dropna(subset=["sentiment_score"]).groupby("overall_rating")["sentiment_score"].mean()
    scored = int(comments["sentiment_score"].notna().sum())
    lines.append(f"Sentiment (VADER compound): {scored} of {len(comments)} comments scored; mean by overall rating: "
                 + (", ".join(f"{int(rating)}: {value:+.2f}" for rating, value in by_rating.items()) or "none"))
    if scored > 2:
        known = comments.dropna(subset=["sentiment_score", "overall_rating"])
        correlation = np.corrcoef(known["overall_rating"].astype("float64"), known["sentiment_score"])[0, 1]
        lines.append(f"  correlation with the overall rating: {number(correlation, 2)}")
    return "\n".join(lines)
