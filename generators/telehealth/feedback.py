"""Post-visit surveys: three 1-5 ratings and a comment whose wording follows the overall rating."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generators.common import join, labels

RESPONSE_SHARE = 0.55  # of completed visits
RESPONSE_LAG_MEDIAN_HOURS = 4.0
RESPONSE_LAG_MAX_DAYS = 14

# mean overall rating per provider specialty: cardiology highest (seed 001: 3.51 of 5), a real spread below it
MEAN_OVERALL_BY_SPECIALTY = {
    "cardiology": 3.51, "pediatrics": 3.40, "oncology": 3.34, "obstetrics_gynecology": 3.28,
    "family_medicine": 3.22, "internal_medicine": 3.15, "orthopedics": 3.05, "emergency_medicine": 2.86,
    "critical_care": 2.78,
}
OVERALL_PER_CONNECTION_POINT = 0.8  # what makes connection quality track satisfaction closely
OVERALL_PER_WAIT_MINUTE = -0.02
OVERALL_NOISE = 0.45
PROVIDER_RATING_NOISE = 0.6
CONNECTION_RATING_NOISE = 0.5
CALIBRATION_STEPS = 40

# Comment = an opening of the rating, then (for most) a detail of its band: ratings 1-2 negative, 3 mixed,
# 4-5 positive; a low rating after a technical issue complains about the connection.
OPENINGS = {
    1: ["Terrible experience.", "Very disappointing.", "Awful visit.", "Worst appointment I have had."],
    2: ["Disappointing.", "Frustrating visit.", "Poor experience overall.", "Unsatisfying visit."],
    3: ["It was okay.", "Average visit.", "Fine, nothing special.", "Mixed feelings about this one."],
    4: ["Good visit.", "Helpful appointment.", "Pleasant experience.", "Nice and efficient."],
    5: ["Excellent!", "Fantastic care.", "Great experience, thank you.", "Wonderful doctor."],
}
DETAILS = {
    "negative_connection": ["The video kept freezing.", "Poor connection, I could barely hear the doctor.",
                            "The call dropped twice, so annoying.", "Audio was terrible and nobody helped."],
    "negative": ["I waited far too long, unacceptable.", "The doctor seemed rushed, and didn't listen.",
                 "Rude and unhelpful.", "Confusing instructions, a waste of time."],
    "mixed": ["Some delays, but my questions were answered.", "Okay advice, though the call felt short.",
              "Not bad, not memorable.", ""],
    "positive": ["Clear advice, and no waiting.", "The doctor listened carefully.",
                 "Easy to join, great video quality.", "Friendly, thorough and quick."],
}
NO_DETAIL_SHARE = 0.3
NO_COMMENT_SHARE = 0.15
NEGATIVE_WORDS = ["terrible", "disappointing", "awful", "worst", "frustrating", "poor", "freezing", "dropped",
                  "annoying", "unacceptable", "unsatisfying", "rushed", "rude", "unhelpful", "confusing", "waste"]
POSITIVE_WORDS = ["good", "helpful", "pleasant", "nice", "efficient", "excellent", "fantastic", "great", "wonderful",
                  "thank", "clear", "carefully", "easy", "friendly", "thorough"]


def overall_ratings(rng: np.random.Generator, specialty: np.ndarray, connection: np.ndarray, wait: np.ndarray,
                    specialties: list[str]) -> np.ndarray:
    """1-5 from the connection quality, the wait and the specialty, with each specialty's offset calibrated so
    its mean rating over these rows is its target (to within one rating in the group's size).

    Rounding and clipping make a group's mean a non-decreasing step function of its offset, so a
    bisection on all groups at once converges; the loop runs a fixed few steps, not over rows.
    """
    latent = (OVERALL_PER_CONNECTION_POINT * (connection - connection.mean()) + OVERALL_PER_WAIT_MINUTE * (wait - 14)
              + OVERALL_NOISE * rng.standard_normal(len(specialty)))
    target = np.array([MEAN_OVERALL_BY_SPECIALTY[name] for name in specialties])
    size = np.maximum(np.bincount(specialty, minlength=len(specialties)), 1)

    def rated(offset: np.ndarray) -> np.ndarray:
        return np.clip(np.round(latent + offset[specialty]), 1, 5)

    low, high = target - 4.0, target + 4.0
    for _ in range(CALIBRATION_STEPS):
        middle = (low + high) / 2
        below = np.bincount(specialty, rated(middle), minlength=len(specialties)) / size < target
        low, high = np.where(below, middle, low), np.where(below, high, middle)
    # the nearer of the two sides of the step the target sits on
    mean_low, mean_high = (np.bincount(specialty, rated(x), minlength=len(specialties)) / size for x in (low, high))
    offset = np.where(np.abs(mean_low - target) <= np.abs(mean_high - target), low, high)
    return rated(offset).astype(np.int64)


def near(rng: np.random.Generator, value: np.ndarray, noise: float) -> np.ndarray:
    """A 1-5 rating around `value`."""
    return np.clip(np.round(value + noise * rng.standard_normal(len(value))), 1, 5).astype(np.int64)


def comments(rng: np.random.Generator, overall: np.ndarray, issue: np.ndarray) -> pa.Array:
    count = len(overall)
    openings = [text for rating in range(1, 6) for text in OPENINGS[rating]]
    per_rating = len(OPENINGS[1])
    opening = (overall - 1) * per_rating + rng.integers(0, per_rating, count)

    bands = list(DETAILS)
    band = np.select([(overall <= 2) & issue, overall <= 2, overall == 3],
                     [bands.index("negative_connection"), bands.index("negative"), bands.index("mixed")],
                     bands.index("positive"))
    per_band = len(DETAILS["negative"])
    detail = band * per_band + rng.integers(0, per_band, count)
    detail = np.where(rng.random(count) < NO_DETAIL_SHARE, -1, detail)
    details = labels([" " + text if text else "" for texts in DETAILS.values() for text in texts], detail)

    text = join(labels(openings, opening), pc.fill_null(details, ""))
    return pc.if_else(pa.array(rng.random(count) < NO_COMMENT_SHARE), "", text)
