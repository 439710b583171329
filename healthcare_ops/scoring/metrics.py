"""How a risk score is judged: AUC, deciles of predicted risk, calibration by decile and top-decile lift.

Pure functions of arrays, worked by hand in tests/scoring/test_metrics.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

DECILES = 10


def auc(labels: np.ndarray, scores: np.ndarray) -> float | None:
    """Area under the ROC curve: the chance that a random no-show scores above a random attended appointment, ties
    counting a half (the Mann-Whitney U over the counts). None when either class is absent."""
    labels = np.asarray(labels, dtype=bool)
    positives = int(labels.sum())
    negatives = labels.size - positives
    if positives == 0 or negatives == 0:
        return None
    ranks = pd.Series(np.asarray(scores, dtype="float64")).rank(method="average").to_numpy()
    return float((ranks[labels].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def deciles(scores: np.ndarray) -> np.ndarray:
    """Decile of each score, 1 (lowest risk) to 10 (highest): floor(10 * position / n) + 1, position 0 being the lowest
    score. Equal scores keep their order in the array (sorted by appointment id), so the split is reproducible."""
    scores = np.asarray(scores, dtype="float64")
    position = np.empty(scores.size, dtype=np.int64)
    position[np.argsort(scores, kind="stable")] = np.arange(scores.size)
    return (position * DECILES // max(scores.size, 1) + 1).astype(np.int32)


def calibration(labels: np.ndarray, scores: np.ndarray) -> pd.DataFrame:
    """One row per decile of predicted risk: appointments, no-shows, mean predicted risk, observed no-show rate."""
    frame = pd.DataFrame({"decile": deciles(scores), "label": np.asarray(labels, dtype=bool),
                          "score": np.asarray(scores, dtype="float64")})
    grouped = frame.groupby("decile", sort=True)
    return pd.DataFrame({
        "appointments": grouped.size(),
        "no_shows": grouped["label"].sum(),
        "mean_predicted_risk": grouped["score"].mean(),
        "observed_no_show_rate": grouped["label"].mean(),
    }).reset_index()


def top_decile_rate(labels: np.ndarray, scores: np.ndarray) -> float | None:
    """No-show rate of the tenth of appointments scored riskiest (decile 10)."""
    top = deciles(scores) == DECILES
    return float(np.asarray(labels, dtype=bool)[top].mean()) if top.any() else None


def top_decile_lift(labels: np.ndarray, scores: np.ndarray) -> float | None:
    """Top-decile no-show rate over the overall rate: how many times likelier than average a no-show is among the
    appointments the score puts in its riskiest tenth. None without any no-show."""
    labels = np.asarray(labels, dtype=bool)
    top = top_decile_rate(labels, scores)
    if top is None or not labels.any():
        return None
    return top / float(labels.mean())
