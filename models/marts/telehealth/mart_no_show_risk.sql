{#
  The upcoming appointments the no-show model scored, with what the page shows beside the risk. Bands by decile
  of risk among the upcoming appointments: high = deciles 9-10, medium = 6-8, low = 1-5.
#}

with

risks as (
    select * from {{ ref('stg_scores__no_show_risks') }}
),

appointments as (
    select * from {{ ref('fct_appointment') }}
),

features as (
    select * from {{ ref('int_no_show_features') }}
),

risks_described as (
    select
        risks.appointment_id,
        appointments.patient_sk,
        appointments.provider_sk,
        appointments.date_key,
        appointments.hour_key,
        appointments.scheduled_at,
        appointments.device,
        appointments.reason,
        appointments.reminder_sent,
        appointments.lead_time_days,
        features.prior_no_shows,
        risks.model_name,
        risks.risk_score,
        risks.risk_decile,
        case
            when risks.risk_decile >= 9 then 'high'
            when risks.risk_decile >= 6 then 'medium'
            else 'low'
        end as risk_band,
        risks.reason_1,
        risks.reason_2,
        risks.reason_3
    from risks
    inner join appointments on risks.appointment_id = appointments.appointment_id
    left join features on risks.appointment_id = features.appointment_id
)

select
    appointment_id,
    patient_sk,
    provider_sk,
    date_key,
    hour_key,
    scheduled_at,
    device,
    reason,
    reminder_sent,
    lead_time_days,
    prior_no_shows,
    model_name,
    risk_score,
    risk_decile,
    risk_band,
    reason_1,
    reason_2,
    reason_3,
    {{ audit_columns() }}
from risks_described
