{#
  An appointment is due when its slot has passed and it was not called off first: its status is
  completed or no_show (dim_appointment_status.is_due). A cancelled or rescheduled booking never came
  due, and a scheduled one is still ahead. The no-show rate is no-shows over due appointments.
#}

with

appointments as (
    select * from {{ ref('int_appointments_validated') }}
),

patients as (
    select * from {{ ref('dim_patient') }}
),

providers as (
    select * from {{ ref('dim_provider') }}
),

statuses as (
    select * from {{ ref('dim_appointment_status') }}
),

devices as (
    select * from {{ ref('dim_device') }}
),

appointments_keyed as (
    select
        appointments.appointment_id,
        coalesce(patients.patient_sk, {{ missing_member_key() }}) as patient_sk,
        coalesce(providers.provider_sk, {{ missing_member_key() }}) as provider_sk,
        coalesce(statuses.appointment_status_sk, {{ missing_member_key() }}) as appointment_status_sk,
        coalesce(devices.device_sk, {{ missing_member_key() }}) as device_sk,
        cast(appointments.scheduled_at as date) as date_key,
        {{ hour_of_day('appointments.scheduled_at') }} as hour_key,
        appointments.status,
        appointments.device,
        appointments.booked_at,
        appointments.scheduled_at,
        {{ days_between('appointments.booked_at', 'appointments.scheduled_at') }} as lead_time_days,
        appointments.wait_minutes,
        appointments.duration_minutes,
        appointments.technical_issue,
        appointments.connection_quality,
        appointments.reason,
        appointments.reminder_sent,
        appointments.rescheduled_from,
        coalesce(statuses.is_due, false) as is_due,
        appointments.status = 'no_show' as is_no_show
    from appointments
    left join patients on appointments.patient_id = patients.patient_id
    left join providers on appointments.provider_id = providers.provider_id
    left join statuses on appointments.status = statuses.status
    left join devices on appointments.device = devices.device
)

select
    appointment_id,
    patient_sk,
    provider_sk,
    appointment_status_sk,
    device_sk,
    date_key,
    hour_key,
    status,
    device,
    booked_at,
    scheduled_at,
    lead_time_days,
    wait_minutes,
    duration_minutes,
    technical_issue,
    connection_quality,
    reason,
    reminder_sent,
    rescheduled_from,
    is_due,
    is_no_show,
    {{ audit_columns() }}
from appointments_keyed
