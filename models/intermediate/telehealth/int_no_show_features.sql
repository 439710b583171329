{#
  What was known of each appointment when it was booked: the no-show model's features (README, "No-show
  model"), read by the scoring phase (healthcare_ops/scoring). A patient's earlier no-shows and visits count only
  appointments whose slot had passed by the booking, so no feature looks past the moment it describes.
  Age at the appointment is the slot's year less the birth year (dim_patient keeps only the year): a year off
  at most, never an exact birth date.
#}

with

appointments as (
    select * from {{ ref('fct_appointment') }}
),

patients as (
    select * from {{ ref('dim_patient') }}
),

patient_history as (
    select
        booking.appointment_id,
        count(case when earlier.is_no_show then 1 end) as prior_no_shows,
        count(case when earlier.is_due then 1 end) as prior_due_appointments
    from appointments as booking
    inner join appointments as earlier
        on
            booking.patient_sk = earlier.patient_sk
            and booking.booked_at > earlier.scheduled_at
    -- the unknown member is no one patient: it has no history
    where booking.patient_sk != {{ missing_member_key() }}
    group by booking.appointment_id
),

features as (
    select
        appointments.appointment_id,
        appointments.patient_sk,
        appointments.provider_sk,
        appointments.scheduled_at,
        appointments.status,
        appointments.is_due,
        appointments.is_no_show,
        appointments.lead_time_days,
        cast(coalesce(patient_history.prior_no_shows, 0) as integer) as prior_no_shows,
        cast(coalesce(patient_history.prior_due_appointments, 0) as integer) as prior_due_appointments,
        cast(extract(year from appointments.scheduled_at) - patients.birth_year as integer) as age_years,
        appointments.hour_key as hour_of_day,
        {{ iso_day_of_week('appointments.scheduled_at') }} as day_of_week,
        appointments.reminder_sent,
        appointments.device,
        appointments.reason
    from appointments
    left join patient_history on appointments.appointment_id = patient_history.appointment_id
    left join patients on appointments.patient_sk = patients.patient_sk
)

select
    appointment_id,
    patient_sk,
    provider_sk,
    scheduled_at,
    status,
    is_due,
    is_no_show,
    lead_time_days,
    prior_no_shows,
    prior_due_appointments,
    age_years,
    hour_of_day,
    day_of_week,
    reminder_sent,
    device,
    reason
from features
