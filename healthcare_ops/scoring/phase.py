"""The build in three phases, the same on both engines (pipeline/publish.py, pipeline/spark_publish.py):

1. dbt build of everything that does not read the scores (`--exclude source:scores+`);
2. the scoring: read the features and comments from that working warehouse, score, write the `scores` tables;
3. dbt build of what reads them (`--select source:scores+`): the no-show marts and fct_appointment_feedback.

A `dbt build` run by hand skips phase 2: the warehouse is built by `make warehouse` (README, "No-show model").
"""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable
from contextlib import AbstractContextManager

import numpy as np
import pandas as pd

from healthcare_ops.scoring import features, no_show, provider_matching, sentiment, tables
from healthcare_ops.scoring.store import ScoreStore

SCORES_SELECTOR = f"source:{tables.SCHEMA}+"


def dbt_phases(dbt_args: list[str]) -> tuple[list[str], list[str]]:
    """The dbt arguments of phases 1 and 3; the caller's own arguments go to both."""
    return [*dbt_args, "--exclude", SCORES_SELECTOR], [*dbt_args, "--select", SCORES_SELECTOR]


def build_with_scores(dbt_build: Callable[[list[str]], bool],
                      open_store: Callable[[], AbstractContextManager[ScoreStore]], dbt_args: list[str]) -> bool:
    """Phase 1, the scoring on the store open_store() opens, phase 3; False (and nothing more run) when one fails."""
    before, after = dbt_phases(dbt_args)
    if not dbt_build(before):
        return False
    started = time.perf_counter()
    try:
        with open_store() as store:
            report = score_warehouse(store)
    except Exception:  # noqa: BLE001 - any failure of the phase stops the publish, with its traceback shown
        traceback.print_exc()
        print("\nScoring phase failed (see the traceback above).", file=sys.stderr)
        return False
    print(f"{report}\nScoring phase: {time.perf_counter() - started:.1f} s\n", flush=True)
    return dbt_build(after)


def score_warehouse(store: ScoreStore) -> str:
    """Phase 2: every score table written; returns the evaluation report to print."""
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
        **provider_matching.match_providers(store),
    }
    for name, table in written.items():
        store.write(name, tables.to_arrow(name, table))
    return report(scoring, comments.assign(sentiment_score=scored_comments["sentiment_score"].to_numpy()))


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
