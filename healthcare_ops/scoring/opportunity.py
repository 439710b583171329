"""The opportunity model (README, "Provider growth: analysis"): a linear regression predicting a referring provider's
opportunity value per patient from its other metrics.

Rows are the referring providers (referral_volume > 0) of the provider snapshot (healthcare_ops/scoring/snapshots.py):
every feature and the target is a semantic-layer metric by provider, compiled by MetricFlow, never a second copy of
its formula. Modelled: the providers the CRM knows (a matched contact: crm_contacts > 0) with every feature and the
target. A provider the CRM does not know has no opportunity, hence a value of 0 that says nothing about its figures;
one missing a feature (no surveyed or costed encounter) cannot be predicted.

Ridge on standardised features rather than OLS: the features are correlated by construction (referral volume and
CRM activities, cost and length of stay), the providers are a few hundred at most, and a light L2 penalty keeps the
coefficients stable between builds without changing the fit much; standardising makes the penalty treat every
feature alike and the standardised coefficients comparable.

Evaluated on held-out providers: a provider is held out when the MD5 of its key falls in the first HELD_OUT_SHARE of
the hash space, so the split does not move when other providers come or go. R² and MAE on the held-out providers,
beside a mean-only baseline (the training mean predicted for every one). Then refitted on every modelled provider,
which predicts every one; residual = actual - predicted. Deterministic: no randomness anywhere.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_absolute_error, r2_score

from healthcare_ops.scoring import snapshots, tables

if TYPE_CHECKING:
    from healthcare_ops.scoring.phase import ScoringRun

KEY = "provider_sk"
TARGET = "opportunity_value_per_patient"
KNOWN_TO_CRM = "crm_contacts"
FEATURES = ("referral_volume", "avg_encounter_length_of_stay_hours", "avg_satisfaction", "avg_cost_per_encounter",
            "supplies_per_patient", "crm_activities")
MODEL_NAME = "ridge"
RIDGE_ALPHA = 1.0
HELD_OUT_SHARE = 0.25
MIN_ROWS = 2  # fewer training or held-out providers than this: no evaluation (R² needs two)
TABLES = (tables.OPPORTUNITY_PROVIDERS, tables.OPPORTUNITY_MODEL, tables.OPPORTUNITY_COEFFICIENTS)


@dataclass(frozen=True)
class Fit:
    intercept: float
    coefficients: np.ndarray  # per feature, in the features' own units
    standardised: np.ndarray  # per standard deviation of the feature
    means: np.ndarray
    stds: np.ndarray

    def predict(self, features: np.ndarray) -> np.ndarray:
        return self.intercept + features @ self.coefficients


@dataclass(frozen=True)
class Result:
    providers: pd.DataFrame  # the input rows with is_modelled, is_held_out, the prediction and residual
    model: pd.DataFrame  # one evaluation row, or none
    coefficients: pd.DataFrame


def is_held_out(keys: pd.Series, share: float = HELD_OUT_SHARE) -> pd.Series:
    """True for the keys whose MD5, read as a fraction of the hash space, is below `share`: stable per key."""
    fractions = [int(hashlib.md5(str(key).encode()).hexdigest()[:12], 16) / 16**12 for key in keys]
    return pd.Series(np.asarray(fractions) < share, index=keys.index)


def fit(features: np.ndarray, target: np.ndarray, alpha: float = RIDGE_ALPHA) -> Fit:
    """Ridge on standardised features; a constant feature gets a zero coefficient (its std is taken as 1)."""
    means = features.mean(axis=0)
    stds = features.std(axis=0)
    stds = np.where(stds > 0, stds, 1.0)
    model = Ridge(alpha=alpha).fit((features - means) / stds, target)
    coefficients = model.coef_ / stds
    return Fit(float(model.intercept_ - means @ coefficients), coefficients, model.coef_.copy(), means, stds)


def score(providers: pd.DataFrame, features: tuple[str, ...] = FEATURES, target: str = TARGET,
          alpha: float = RIDGE_ALPHA, share: float = HELD_OUT_SHARE) -> Result:
    """Evaluate on held-out providers, refit on all, predict every modelled provider."""
    frame = providers.sort_values(KEY, kind="stable").reset_index(drop=True)
    modelled = frame[[*features, target]].notna().all(axis=1) & (frame[KNOWN_TO_CRM].fillna(0) > 0)
    held_out = is_held_out(frame[KEY], share)
    frame = frame.assign(is_modelled=modelled, is_held_out=held_out.where(modelled, None),
                         predicted_opportunity_value_per_patient=np.nan, residual=np.nan)
    rows = frame.loc[modelled]
    x, y = rows[list(features)].to_numpy(dtype="float64"), rows[target].to_numpy(dtype="float64")
    test = held_out.loc[modelled].to_numpy(dtype=bool)
    if len(rows) < MIN_ROWS:
        return Result(frame, pd.DataFrame(columns=[f.name for f in tables.SCHEMAS[tables.OPPORTUNITY_MODEL]]),
                      pd.DataFrame(columns=[f.name for f in tables.SCHEMAS[tables.OPPORTUNITY_COEFFICIENTS]]))
    evaluation = dict.fromkeys(("r2", "mae", "baseline_r2", "baseline_mae"), None)
    if test.sum() >= MIN_ROWS and (~test).sum() >= MIN_ROWS:
        held = fit(x[~test], y[~test], alpha)
        predicted, baseline = held.predict(x[test]), np.full(test.sum(), y[~test].mean())
        evaluation = {"r2": r2_score(y[test], predicted), "mae": mean_absolute_error(y[test], predicted),
                      "baseline_r2": r2_score(y[test], baseline), "baseline_mae": mean_absolute_error(y[test], baseline)}
    refit = fit(x, y, alpha)
    predictions = refit.predict(x)
    frame.loc[modelled, "predicted_opportunity_value_per_patient"] = predictions
    frame.loc[modelled, "residual"] = y - predictions
    model = pd.DataFrame([{
        "model_name": MODEL_NAME, "target": target, "features": ",".join(features), "ridge_alpha": alpha,
        "intercept": refit.intercept, "held_out_share": share, "train_rows": int((~test).sum()),
        "test_rows": int(test.sum()), **evaluation, "refit_rows": len(rows), "predicted_rows": len(rows),
    }])
    ranks = pd.Series(np.abs(refit.standardised)).rank(ascending=False, method="first").astype(int)
    coefficients = pd.DataFrame({
        "feature": list(features), "coefficient": refit.coefficients, "standardised_coefficient": refit.standardised,
        "feature_mean": refit.means, "feature_std": refit.stds, "importance_rank": ranks.to_numpy(),
    }).sort_values("importance_rank", kind="stable").reset_index(drop=True)
    return Result(frame, model, coefficients)


def referring(providers: pd.DataFrame) -> pd.DataFrame:
    """The referring providers: those with at least one referred encounter."""
    return providers.loc[providers["referral_volume"].fillna(0) > 0].reset_index(drop=True)


def score_run(run: ScoringRun) -> str:
    """The provider snapshot read, the model scored, its three tables written; returns the report to print."""
    result = score(referring(snapshots.read(run, snapshots.PROVIDERS)))
    for name, frame in ((tables.OPPORTUNITY_PROVIDERS, result.providers), (tables.OPPORTUNITY_MODEL, result.model),
                        (tables.OPPORTUNITY_COEFFICIENTS, result.coefficients)):
        run.store.write(name, tables.to_arrow(name, frame))
    return report(result)


def number(value: object, digits: int = 3) -> str:
    return "n/a" if value is None or pd.isna(value) else f"{value:,.{digits}f}"


def report(result: Result) -> str:
    lines = ["", f"Opportunity model (predicting {TARGET} by provider; README, \"Provider growth: analysis\")"]
    if result.model.empty:
        lines.append(f"  not fitted: {int(result.providers['is_modelled'].sum())} provider(s) known to the CRM with "
                     f"every feature and the target, fewer than {MIN_ROWS}")
        return "\n".join(lines)
    row = result.model.iloc[0]
    lines.append(f"  {row.model_name} (alpha {row.ridge_alpha}) on standardised {row.features}")
    lines.append(f"  held-out providers ({row.test_rows} of {row.train_rows + row.test_rows}, by key hash): "
                 f"R² {number(row.r2)}  MAE {number(row.mae, 2)}  |  mean-only baseline: "
                 f"R² {number(row.baseline_r2)}  MAE {number(row.baseline_mae, 2)}")
    ranked = ", ".join(f"{c.feature} {c.standardised_coefficient:+.2f}" for c in result.coefficients.itertuples())
    lines.append(f"  refitted on {row.refit_rows} providers; standardised coefficients: {ranked}")
    return "\n".join(lines)
