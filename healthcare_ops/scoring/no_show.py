"""The no-show risk model: LightGBM on the features of due appointments, judged out of time against a lead-time-only
baseline, refitted on all due history to score the appointments still ahead, each with its top three reasons.

Split rule: the due appointments' slots span [first, last]; the cutoff is midnight of the day at 80% of that span.
The model is trained on due appointments whose slot is before the cutoff and tested on those at or after it.
Baseline: a logistic regression on lead time alone (its AUC is that of lead time itself, a monotone transform).
Reasons: LightGBM's SHAP contributions (pred_contrib) of the refitted model; the three features pushing the
appointment's risk up the most, in words ("booked 45 days ahead"); fewer when fewer push it up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import lightgbm as lgb
import numpy as np
import pandas as pd

from healthcare_ops.scoring import metrics
from healthcare_ops.scoring.features import KEY, LABEL, TIME, known_features

MODEL_NAME = "lightgbm"
BASELINE_NAME = "lead_time_logistic"
MODEL_DESCRIPTION = "LightGBM on lead time, the patient's earlier no-shows and visits, age, slot, reminder, device, reason"
BASELINE_DESCRIPTION = "Logistic regression on lead time alone"
SEED = 42
TEST_SHARE = 0.2
ROUNDS = 150
# Deterministic: one thread and LightGBM's deterministic mode, so the same rows and seed give the same scores on any
# run and either engine. Small leaves and a floor on leaf size: a few hundred no-shows at the test scale.
PARAMETERS = {
    "objective": "binary", "learning_rate": 0.05, "num_leaves": 8, "min_data_in_leaf": 40, "lambda_l2": 1.0,
    "min_data_per_group": 40, "cat_smooth": 10.0, "deterministic": True, "force_row_wise": True, "num_threads": 1,
    "verbosity": -1, "feature_pre_filter": False,
}
REASONS = 3
DAY_NAMES = {1: "Monday", 2: "Tuesday", 3: "Wednesday", 4: "Thursday", 5: "Friday", 6: "Saturday", 7: "Sunday"}


@dataclass(frozen=True)
class Split:
    cutoff: dt.date
    train: pd.DataFrame
    test: pd.DataFrame


@dataclass(frozen=True)
class Model:
    booster: lgb.Booster
    features: list[str]


def split_out_of_time(due: pd.DataFrame, test_share: float = TEST_SHARE) -> Split:
    """Due appointments before the cutoff (midnight of the day at 1 - test_share of the slots' span) and after it."""
    if due.empty:
        return Split(cutoff=None, train=due, test=due)
    first, last = due[TIME].min(), due[TIME].max()
    cutoff = (first + (last - first) * (1 - test_share)).normalize()
    before = due[TIME] < cutoff
    return Split(cutoff=cutoff.date(), train=due.loc[before].reset_index(drop=True),
                 test=due.loc[~before].reset_index(drop=True))


def trainable(rows: pd.DataFrame) -> bool:
    """A model needs both outcomes among its training rows and at least one known feature."""
    return rows[LABEL].any() and not rows[LABEL].all() and bool(known_features(rows))


def train(rows: pd.DataFrame, seed: int = SEED) -> Model:
    features = known_features(rows)
    dataset = lgb.Dataset(rows[features], label=rows[LABEL].astype("float64"), free_raw_data=True)
    booster = lgb.train({**PARAMETERS, "seed": seed}, dataset, num_boost_round=ROUNDS)
    return Model(booster=booster, features=features)


def predict(model: Model, rows: pd.DataFrame) -> np.ndarray:
    return model.booster.predict(rows[model.features]) if len(rows) else np.empty(0)


def contributions(model: Model, rows: pd.DataFrame) -> np.ndarray:
    """SHAP contribution of each of the model's features to each row's log-odds (the bias column dropped)."""
    if rows.empty:
        return np.empty((0, len(model.features)))
    return np.asarray(model.booster.predict(rows[model.features], pred_contrib=True))[:, :-1]


def plural(counts: pd.Series, one: str, many: str) -> pd.Series:
    whole = counts.round().astype("Int64").astype(str)
    return (whole + " " + many).where(counts.round() != 1, "1 " + one)


def reason_texts(rows: pd.DataFrame) -> pd.DataFrame:
    """Each feature's value in words, per row: the wording a reason takes when that feature pushes the risk up."""
    lead = rows["lead_time_days"]
    prior_no_shows = rows["prior_no_shows"]
    prior_visits = rows["prior_due_appointments"]
    texts = pd.DataFrame({
        "lead_time_days": ("booked " + plural(lead, "day", "days") + " ahead")
        .where(lead.round() >= 1, "booked the same day"),
        "prior_no_shows": (plural(prior_no_shows, "earlier no-show", "earlier no-shows"))
        .where(prior_no_shows > 0, "no earlier no-shows"),
        "prior_due_appointments": plural(prior_visits, "earlier visit", "earlier visits")
        .where(prior_visits > 0, "no earlier visits"),
        "age_years": "aged " + rows["age_years"].round().astype("Int64").astype(str),
        "hour_of_day": "slot at " + rows["hour_of_day"].astype("Int64").astype(str).str.zfill(2) + ":00",
        "day_of_week": "on a " + rows["day_of_week"].map(DAY_NAMES).astype(object),
        "reminder_sent": rows["reminder_sent"].map({1.0: "reminder sent", 0.0: "no reminder sent"}),
        "device": "joining on " + rows["device"].astype(object).astype(str),
        "reason": "visit for " + rows["reason"].astype(object).astype(str).str.replace("_", " "),
    }, index=rows.index).astype(object)
    unknown = {"lead_time_days": "lead time unknown", "prior_no_shows": "earlier no-shows unknown",
               "prior_due_appointments": "earlier visits unknown", "age_years": "age unknown",
               "hour_of_day": "slot time unknown", "day_of_week": "day unknown", "reminder_sent": "reminder unknown",
               "device": "device unknown", "reason": "visit reason unknown"}
    for name, text in unknown.items():
        texts[name] = texts[name].where(rows[name].notna(), text)
    return texts


def top_reasons(texts: np.ndarray, contribution: np.ndarray, top: int = REASONS) -> pd.DataFrame:
    """reason_1..reason_<top> per row: the texts of the `top` largest positive contributions, largest first (equal
    ones in feature order); null where fewer features raise the risk. texts and contribution: rows x features."""
    columns = [f"reason_{rank}" for rank in range(1, top + 1)]
    order = np.argsort(-contribution, axis=1, kind="stable")[:, :top]
    chosen = np.take_along_axis(np.asarray(texts, dtype=object), order, axis=1)
    chosen[np.take_along_axis(contribution, order, axis=1) <= 0] = None
    return pd.DataFrame(chosen, columns=columns[:chosen.shape[1]], dtype=object).reindex(columns=columns)


def explain(model: Model, rows: pd.DataFrame, top: int = REASONS) -> pd.DataFrame:
    """The top reasons (top_reasons) of each row of `rows` by the model's SHAP contributions, indexed like rows."""
    texts = reason_texts(rows)[model.features].to_numpy()
    return top_reasons(texts, contributions(model, rows), top).set_axis(rows.index)


def drivers(model: Model, rows: pd.DataFrame) -> pd.DataFrame:
    """Each feature's mean absolute SHAP contribution (log-odds) over `rows`, ranked 1 = strongest."""
    strength = np.abs(contributions(model, rows)).mean(axis=0) if len(rows) else np.zeros(len(model.features))
    table = pd.DataFrame({"feature": model.features, "mean_abs_contribution": strength})
    table = table.sort_values(["mean_abs_contribution", "feature"], ascending=[False, True], kind="stable")
    table["importance_rank"] = np.arange(1, len(table) + 1)
    return table.reset_index(drop=True)


def fit_logistic(x: np.ndarray, labels: np.ndarray, iterations: int = 50) -> tuple[float, float]:
    """Intercept and slope of a one-variable logistic regression by Newton's method, on x standardised (a missing x
    takes the mean); returned for the standardised x. A tiny ridge keeps a separable sample finite."""
    y = np.asarray(labels, dtype="float64")
    design = np.column_stack([np.ones_like(x), x])
    weights = np.zeros(2)
    for _ in range(iterations):
        probability = 1 / (1 + np.exp(-design @ weights))
        gradient = design.T @ (y - probability) - 1e-6 * weights
        hessian = (design * (probability * (1 - probability))[:, None]).T @ design + 1e-6 * np.eye(2)
        step = np.linalg.solve(hessian, gradient)
        weights = weights + step
        if np.abs(step).max() < 1e-10:
            break
    return float(weights[0]), float(weights[1])


@dataclass(frozen=True)
class Baseline:
    mean: float
    scale: float
    intercept: float
    slope: float


def standardise(lead: np.ndarray, mean: float, scale: float) -> np.ndarray:
    lead = np.where(np.isnan(lead), mean, lead)
    return (lead - mean) / scale


def train_baseline(rows: pd.DataFrame) -> Baseline:
    lead = rows["lead_time_days"].to_numpy(dtype="float64")
    mean = float(np.nanmean(lead)) if np.isfinite(lead).any() else 0.0
    scale = float(np.nanstd(lead)) if np.isfinite(lead).any() else 0.0
    scale = scale if scale > 0 else 1.0
    intercept, slope = fit_logistic(standardise(lead, mean, scale), rows[LABEL].to_numpy())
    return Baseline(mean=mean, scale=scale, intercept=intercept, slope=slope)


def predict_baseline(baseline: Baseline, rows: pd.DataFrame) -> np.ndarray:
    x = standardise(rows["lead_time_days"].to_numpy(dtype="float64"), baseline.mean, baseline.scale)
    return 1 / (1 + np.exp(-(baseline.intercept + baseline.slope * x)))


@dataclass(frozen=True)
class Scoring:
    """Everything the phase writes about the no-show model."""
    models: pd.DataFrame
    calibration: pd.DataFrame
    drivers: pd.DataFrame
    risk: pd.DataFrame


def evaluation_row(name: str, description: str, features: list[str], split: Split, test_scores: np.ndarray,
                   baseline_auc: float | None) -> dict:
    labels = split.test[LABEL].to_numpy()
    model_auc = metrics.auc(labels, test_scores)
    return {
        "model_name": name, "model_description": description, "features": ", ".join(features),
        "training_cutoff": split.cutoff, "train_rows": len(split.train), "train_no_shows": int(split.train[LABEL].sum()),
        "test_rows": len(split.test), "test_no_shows": int(labels.sum()),
        "test_no_show_rate": float(labels.mean()) if labels.size else None,
        "auc": model_auc, "baseline_auc": baseline_auc,
        "auc_gain": model_auc - baseline_auc if model_auc is not None and baseline_auc is not None else None,
        "top_decile_no_show_rate": metrics.top_decile_rate(labels, test_scores),
        "top_decile_lift": metrics.top_decile_lift(labels, test_scores),
    }


def calibration_rows(name: str, split: Split, test_scores: np.ndarray) -> pd.DataFrame:
    table = metrics.calibration(split.test[LABEL].to_numpy(), test_scores)
    table.insert(0, "model_name", name)
    return table


def score(frame: pd.DataFrame, due: pd.DataFrame, upcoming: pd.DataFrame, seed: int = SEED) -> Scoring:
    """Evaluate out of time, refit on all due history, score and explain the upcoming appointments. A model that
    cannot be trained (no due appointments, or no no-show among them) gives no rows, not an error."""
    split = split_out_of_time(due)
    models, calibrations = [], []
    if trainable(split.train) and not split.test.empty:
        baseline = train_baseline(split.train)
        baseline_scores = predict_baseline(baseline, split.test)
        baseline_auc = metrics.auc(split.test[LABEL].to_numpy(), baseline_scores)
        model = train(split.train, seed)
        model_scores = predict(model, split.test)
        models += [evaluation_row(MODEL_NAME, MODEL_DESCRIPTION, model.features, split, model_scores, baseline_auc),
                   evaluation_row(BASELINE_NAME, BASELINE_DESCRIPTION, ["lead_time_days"], split, baseline_scores,
                                  baseline_auc)]
        calibrations += [calibration_rows(MODEL_NAME, split, model_scores),
                         calibration_rows(BASELINE_NAME, split, baseline_scores)]
    risk = pd.DataFrame(columns=[KEY, "model_name", "risk_score", "risk_decile"])
    driver_table = pd.DataFrame(columns=["model_name", "feature", "mean_abs_contribution", "importance_rank"])
    if trainable(due):
        refitted = train(due, seed)
        risk_scores = predict(refitted, upcoming)
        risk = pd.concat([
            pd.DataFrame({KEY: upcoming[KEY], "model_name": MODEL_NAME, "risk_score": risk_scores,
                          "risk_decile": metrics.deciles(risk_scores)}),
            explain(refitted, upcoming),
        ], axis=1)
        driver_table = drivers(refitted, due)
        driver_table.insert(0, "model_name", MODEL_NAME)
        for row in models:
            row.update(refit_rows=len(due), scored_rows=len(upcoming) if row["model_name"] == MODEL_NAME else 0)
    return Scoring(
        models=pd.DataFrame(models),
        calibration=pd.concat(calibrations, ignore_index=True) if calibrations else pd.DataFrame(),
        drivers=driver_table,
        risk=risk,
    )
