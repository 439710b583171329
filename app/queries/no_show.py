"""The no-show model's answers for the Telehealth page: the upcoming appointments most at risk, with their reasons,
and how well the model's risk matched what happened (README, "No-show model"). Every figure is read from its mart;
none is computed here."""

from __future__ import annotations

import pandas as pd

from queries.filters import Filters
from queries.warehouse import run

MODEL = "lightgbm"
SLOT_IN_RANGE = (
    "(cast($start as date) is null or risk.date_key >= cast($start as date))"
    " and (cast($end as date) is null or risk.date_key <= cast($end as date))"
)


def at_risk_appointments(filters: Filters, limit: int = 20) -> pd.DataFrame:
    """The upcoming appointments whose slot falls in the filtered days, riskiest first (ties by appointment id), at
    most `limit`: slot, patient and provider, device, reason, lead time, earlier no-shows, reminder, risk, band and the
    three reasons pushing the risk up."""
    return run(
        f"""
        select
            risk.appointment_id,
            risk.scheduled_at,
            patients.patient_id,
            providers.provider_name,
            providers.specialty,
            risk.device,
            risk.reason,
            risk.lead_time_days,
            risk.prior_no_shows,
            risk.reminder_sent,
            risk.risk_score,
            risk.risk_band,
            risk.reason_1,
            risk.reason_2,
            risk.reason_3
        from marts.mart_no_show_risk as risk
        left join marts.dim_patient as patients on risk.patient_sk = patients.patient_sk
        left join marts.dim_provider as providers on risk.provider_sk = providers.provider_sk
        where {SLOT_IN_RANGE}
        order by risk.risk_score desc, risk.appointment_id
        limit $limit
        """,
        {"start": filters.start, "end": filters.end, "limit": limit},
    )


def calibration(model: str = MODEL) -> pd.DataFrame:
    """The model's deciles of predicted risk on its out-of-time test set, 1 to 10: appointments, no-shows, mean
    predicted risk and observed no-show rate (the filters do not apply: the test set is fixed by the build)."""
    return run(
        """
        select decile, appointments, no_shows, mean_predicted_risk, observed_no_show_rate
        from marts.mart_no_show_calibration
        where model_name = $model
        order by decile
        """,
        {"model": model},
    )


def model_evaluation() -> pd.DataFrame:
    """Each model evaluated out of time (the model, then its baseline): cutoff, rows, AUC, baseline AUC, AUC gain,
    top-decile no-show rate and lift."""
    return run(
        """
        select
            model_name, model_description, training_cutoff, train_rows, test_rows, test_no_show_rate,
            auc, baseline_auc, auc_gain, top_decile_no_show_rate, top_decile_lift
        from marts.mart_no_show_model
        order by case when model_name = $model then 0 else 1 end, model_name
        """,
        {"model": MODEL},
    )


def sentiment_by_rating() -> pd.DataFrame:
    """Per overall rating: surveys, surveys with a comment, mean comment sentiment and the positive and negative shares."""
    return run(
        """
        select overall_rating, surveys, commented_surveys, avg_sentiment, positive_share, negative_share
        from marts.mart_sentiment_by_rating
        order by overall_rating
        """
    )
