"""The opportunity model (healthcare_ops/scoring/opportunity.py) on small synthetic frames whose answer is known, and
on the warehouse `make test` built from the generated data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from healthcare_ops.scoring import opportunity, tables


def providers(count: int, noise: float = 0.0, seed: int = 7) -> pd.DataFrame:
    """Providers whose value per patient is 100 + 40 x referral volume - 30 x satisfaction (+ noise): the other
    features are unrelated."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({name: rng.normal(10.0, 2.0, count) for name in opportunity.FEATURES})
    frame.insert(0, "provider_sk", [f"sk{index:04d}" for index in range(count)])
    frame["crm_contacts"] = 1.0
    frame[opportunity.TARGET] = (100 + 40 * frame["referral_volume"] - 30 * frame["avg_satisfaction"]
                                 + rng.normal(0.0, noise, count) if noise else
                                 100 + 40 * frame["referral_volume"] - 30 * frame["avg_satisfaction"])
    return frame


def coefficients(result: opportunity.Result) -> pd.Series:
    return result.coefficients.set_index("feature")["coefficient"]


def test_an_exact_linear_relation_is_recovered_and_predicted():
    result = opportunity.score(providers(200), alpha=1e-9)
    fitted = coefficients(result)
    assert fitted["referral_volume"] == pytest.approx(40, abs=1e-6)
    assert fitted["avg_satisfaction"] == pytest.approx(-30, abs=1e-6)
    others = [name for name in opportunity.FEATURES if name not in ("referral_volume", "avg_satisfaction")]
    assert np.abs(fitted[others].to_numpy()).max() < 1e-6
    model = result.model.iloc[0]
    assert model.intercept == pytest.approx(100, abs=1e-5)
    assert model.r2 == pytest.approx(1.0) and model.mae == pytest.approx(0.0, abs=1e-6)
    assert result.providers["residual"].abs().max() < 1e-6
    # standardised = per-unit coefficient x the feature's (population) standard deviation
    row = result.coefficients.set_index("feature").loc["referral_volume"]
    assert row.standardised_coefficient == pytest.approx(40 * row.feature_std)
    assert result.coefficients["importance_rank"].tolist() == list(range(1, len(opportunity.FEATURES) + 1))


def test_the_mean_only_baseline_explains_nothing_and_the_model_beats_it():
    model = opportunity.score(providers(300, noise=20.0)).model.iloc[0]
    # the training mean on other providers: R² about zero, never much above it
    assert model.baseline_r2 < 0.05
    assert model.r2 > 0.9 and model.mae < model.baseline_mae / 3


def test_the_split_is_stable_by_key_and_holds_out_about_a_quarter():
    frame = providers(400)
    held = opportunity.is_held_out(frame["provider_sk"])
    assert 0.18 < held.mean() < 0.32
    # a provider's side does not depend on who else is there, nor on the order of the rows
    again = opportunity.is_held_out(frame["provider_sk"].iloc[::-3])
    assert (again == held.loc[again.index]).all()
    result = opportunity.score(frame.sample(frac=1.0, random_state=3))
    assert result.providers.set_index("provider_sk")["is_held_out"].astype(bool).equals(
        held.set_axis(frame["provider_sk"]).sort_index())


def test_the_model_is_deterministic_whatever_the_row_order():
    frame = providers(150, noise=10.0)
    first = opportunity.score(frame)
    second = opportunity.score(frame.iloc[::-1])
    pd.testing.assert_frame_equal(first.providers, second.providers)
    pd.testing.assert_frame_equal(first.model, second.model)
    pd.testing.assert_frame_equal(first.coefficients, second.coefficients)


def test_providers_the_crm_does_not_know_or_missing_a_feature_are_not_modelled():
    frame = providers(60)
    frame.loc[0, "crm_contacts"] = 0.0
    frame.loc[1, "avg_satisfaction"] = np.nan
    result = opportunity.score(frame).providers.set_index("provider_sk")
    assert not result.loc["sk0000", "is_modelled"] and not result.loc["sk0001", "is_modelled"]
    assert result.loc[["sk0000", "sk0001"], "predicted_opportunity_value_per_patient"].isna().all()
    assert pd.isna(result.loc["sk0000", "is_held_out"])
    assert result["is_modelled"].sum() == 58


def test_too_few_providers_fit_nothing_and_write_empty_tables():
    result = opportunity.score(providers(1))
    assert result.model.empty and result.coefficients.empty
    for name, frame in ((tables.OPPORTUNITY_PROVIDERS, result.providers), (tables.OPPORTUNITY_MODEL, result.model),
                        (tables.OPPORTUNITY_COEFFICIENTS, result.coefficients)):
        assert tables.to_arrow(name, frame).num_rows == len(frame)
    assert "not fitted" in opportunity.report(result)


def test_on_the_generated_data_the_model_beats_the_mean_only_baseline(query):
    model = query("select * from marts.mart_opportunity_model")
    assert len(model) == 1
    row = model.iloc[0]
    # the generator plants a relation explaining 65% of the variance (truth.json, opportunity_value.target_r2)
    assert row.r2 > 0.4 and row.r2 > row.baseline_r2 + 0.3
    assert row.mae < row.baseline_mae
    roi = query("select * from marts.mart_provider_roi where is_modelled")
    assert len(roi) == row.refit_rows
    assert (roi.opportunity_value_per_patient - roi.predicted_opportunity_value_per_patient
            - roi.residual).abs().max() < 1e-6
