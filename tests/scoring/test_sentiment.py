"""VADER's compound score of the survey comments (healthcare_ops/scoring/sentiment.py)."""

from __future__ import annotations

import math

import pandas as pd

from healthcare_ops.scoring import sentiment


def test_empty_and_blank_comments_have_no_sentiment():
    scores = sentiment.compound_scores(pd.Series([None, "", "   ", "Great visit, thank you!"], dtype=object))
    assert scores.iloc[:3].isna().all()
    assert scores.iloc[3] > 0.5


def test_praise_scores_positive_and_complaints_negative():
    scores = sentiment.compound_scores(pd.Series([
        "The doctor was friendly, thorough and helpful.",
        "It was okay.",
        "Terrible call, the video kept freezing and dropped twice. Awful.",
    ]))
    assert scores.iloc[0] > 0.05
    assert scores.iloc[2] < -0.05
    assert -1 <= scores.min() and scores.max() <= 1


def test_the_same_text_gets_the_same_score_and_the_index_is_kept():
    comments = pd.Series(["Poor connection.", "Nice and easy.", "Poor connection."], index=[10, 20, 30])
    scores = sentiment.compound_scores(comments)
    assert scores.index.tolist() == [10, 20, 30]
    assert scores.loc[10] == scores.loc[30]
    assert not math.isnan(scores.loc[20])


def test_feedback_sentiment_keys_each_survey():
    frame = sentiment.feedback_sentiment(pd.DataFrame({"feedback_id": ["R1", "R2"], "comment": ["Excellent care", None]}))
    assert frame["feedback_id"].tolist() == ["R1", "R2"]
    assert frame["sentiment_score"].iloc[0] > 0 and pd.isna(frame["sentiment_score"].iloc[1])


def test_no_comments_at_all():
    assert sentiment.compound_scores(pd.Series([], dtype=object)).empty
