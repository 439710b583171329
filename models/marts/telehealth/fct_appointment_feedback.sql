{#
  A survey takes the keys of the appointment it rates: the patient, provider, device and slot of the visit, and
  the sentiment of its comment from the scoring phase of the build (source scores.feedback_sentiment).
#}

with

feedback as (
    select * from {{ ref('int_appointment_feedback_validated') }}
),

appointments as (
    select * from {{ ref('fct_appointment') }}
),

sentiments as (
    select * from {{ ref('stg_scores__feedback_sentiments') }}
),

feedback_keyed as (
    select
        feedback.feedback_id,
        feedback.appointment_id,
        coalesce(appointments.patient_sk, {{ missing_member_key() }}) as patient_sk,
        coalesce(appointments.provider_sk, {{ missing_member_key() }}) as provider_sk,
        coalesce(appointments.device_sk, {{ missing_member_key() }}) as device_sk,
        appointments.date_key,
        appointments.hour_key,
        feedback.submitted_at,
        feedback.overall_rating,
        feedback.provider_rating,
        feedback.connection_rating,
        feedback.comment,
        sentiments.sentiment_score
    from feedback
    left join appointments on feedback.appointment_id = appointments.appointment_id
    left join sentiments on feedback.feedback_id = sentiments.feedback_id
)

select
    feedback_id,
    appointment_id,
    patient_sk,
    provider_sk,
    device_sk,
    date_key,
    hour_key,
    submitted_at,
    overall_rating,
    provider_rating,
    connection_rating,
    comment,
    sentiment_score,
    {{ audit_columns() }}
from feedback_keyed
