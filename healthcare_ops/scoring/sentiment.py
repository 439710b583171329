"""Sentiment of the post-visit comments: VADER's compound score, -1 (most negative) to +1 (most positive).

VADER (vaderSentiment) is a rule-based model whose lexicon ships inside the package: nothing is downloaded, and the
same text always gets the same score. An empty or blank comment has no sentiment (null), not a neutral 0.
"""

from __future__ import annotations

import pandas as pd
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


def compound_scores(comments: pd.Series) -> pd.Series:
    """The compound score of each comment (float, NaN for a missing or blank one), indexed like `comments`."""
    text = comments.astype(object).where(comments.notna(), None)
    text = text.where(text.str.strip().fillna("") != "", None) if len(text) else text
    analyzer = SentimentIntensityAnalyzer()
    # VADER scores one text per call; the surveys' comments repeat, so each distinct text is scored once and mapped.
    distinct = text.dropna().unique()
    scored = {comment: analyzer.polarity_scores(comment)["compound"] for comment in distinct}
    return text.map(scored).astype("float64")


def feedback_sentiment(comments: pd.DataFrame) -> pd.DataFrame:
    """feedback_id and sentiment_score for each survey of `comments` (feedback_id, comment)."""
    return pd.DataFrame({"feedback_id": comments["feedback_id"].astype(object),
                         "sentiment_score": compound_scores(comments["comment"])})
