{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ delete_changed_encounters() }}") }}
-- depends_on: {{ ref('chk_patient_flow__events') }}

{# Incremental by encounter (macros/patient_flow_increments.sql). #}

with

events as (
    select * from {{ ref('int_flow_events_validated') }}
    {{ changed_encounters_only() }}
),

patients as (
    select * from {{ ref('dim_patient') }}
),

departments as (
    select * from {{ ref('dim_department') }}
),

events_keyed as (
    select
        events.event_id,
        events.encounter_id,
        coalesce(patients.patient_sk, {{ missing_member_key() }}) as patient_sk,
        coalesce(departments.department_sk, {{ missing_member_key() }}) as department_sk,
        cast(events.event_time as date) as date_key,
        {{ hour_of_day('events.event_time') }} as hour_key,
        events.event_type,
        events.event_time,
        events.reported_event_time,
        events.is_event_time_corrected,
        events.enqueued_at,
        events.source_file,
        events.line_number,
        events.landed_at
    from events
    left join patients on events.patient_id = patients.patient_id
    left join departments on events.department = departments.department
)

select
    event_id,
    encounter_id,
    patient_sk,
    department_sk,
    date_key,
    hour_key,
    event_type,
    event_time,
    reported_event_time,
    is_event_time_corrected,
    enqueued_at,
    source_file,
    line_number,
    landed_at,
    {{ audit_columns() }}
from events_keyed
