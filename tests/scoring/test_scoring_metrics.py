"""AUC, deciles, calibration and lift against numbers worked out by hand (healthcare_ops/scoring/metrics.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from healthcare_ops.scoring import metrics


def test_auc_counts_each_no_show_attended_pair_and_ties_as_a_half():
    # No-shows score 0.9 and 0.4, attended ones 0.8, 0.3 and 0.4. Of the 6 pairs the no-show outscores its
    # partner in 4 (0.9 > 0.8, 0.3, 0.4; 0.4 > 0.3), ties once (0.4 = 0.4) and loses once: (4 + 0.5) / 6.
    labels = np.array([True, False, True, False, False])
    scores = np.array([0.9, 0.8, 0.4, 0.3, 0.4])
    assert metrics.auc(labels, scores) == pytest.approx(0.75)


def test_auc_of_a_perfect_a_reversed_and_a_constant_score():
    labels = np.array([False, False, True, True])
    assert metrics.auc(labels, np.array([1, 2, 3, 4])) == 1.0
    assert metrics.auc(labels, np.array([4, 3, 2, 1])) == 0.0
    assert metrics.auc(labels, np.zeros(4)) == 0.5


def test_auc_needs_both_outcomes():
    assert metrics.auc(np.array([True, True]), np.array([0.1, 0.2])) is None
    assert metrics.auc(np.array([], dtype=bool), np.array([])) is None


def test_deciles_split_25_scores_three_two_three_two():
    # floor(10 * position / 25) + 1: positions 0-2 -> 1, 3-4 -> 2, 5-7 -> 3, 8-9 -> 4, ...
    counts = np.bincount(metrics.deciles(np.arange(25.0)))[1:]
    assert counts.tolist() == [3, 2, 3, 2, 3, 2, 3, 2, 3, 2]


def test_deciles_rank_by_score_and_break_ties_by_position():
    assert metrics.deciles(np.array([0.5] * 10)).tolist() == list(range(1, 11))
    assert metrics.deciles(np.array([0.9, 0.1, 0.5, 0.3, 0.7, 0.2, 0.8, 0.4, 0.6, 0.0])).tolist() == \
        [10, 2, 6, 4, 8, 3, 9, 5, 7, 1]


@pytest.fixture
def twenty():
    # Scores 0.05, 0.10, ..., 1.00 in shuffled order; the no-shows are the two highest scores and the lowest.
    order = np.random.default_rng(7).permutation(20)
    scores = (order + 1) * 0.05
    labels = np.isin(order + 1, [1, 19, 20])
    return labels, scores


def test_calibration_by_hand(twenty):
    labels, scores = twenty
    table = metrics.calibration(labels, scores)
    assert table["decile"].tolist() == list(range(1, 11))
    assert table["appointments"].tolist() == [2] * 10
    assert table["no_shows"].tolist() == [1, 0, 0, 0, 0, 0, 0, 0, 0, 2]
    # decile 1 holds 0.05 and 0.10, decile 10 holds 0.95 and 1.00
    assert table["mean_predicted_risk"].iloc[0] == pytest.approx(0.075)
    assert table["mean_predicted_risk"].iloc[-1] == pytest.approx(0.975)
    assert table["observed_no_show_rate"].tolist() == [0.5] + [0.0] * 8 + [1.0]


def test_top_decile_rate_and_lift_by_hand(twenty):
    labels, scores = twenty
    assert metrics.top_decile_rate(labels, scores) == 1.0
    # overall rate 3 / 20 = 0.15; lift 1.0 / 0.15
    assert metrics.top_decile_lift(labels, scores) == pytest.approx(1 / 0.15)
    assert metrics.top_decile_lift(np.zeros(20, dtype=bool), scores) is None


def test_calibration_of_nothing_is_empty():
    assert metrics.calibration(np.array([], dtype=bool), np.array([])).empty
    assert isinstance(metrics.calibration(np.array([True]), np.array([0.3])), pd.DataFrame)
