{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ delete_changed_encounters() }}") }}
-- depends_on: {{ ref('chk_patient_flow__events') }}

{#
  Where each patient was, and when: an encounter enters a department on
  arrival or transfer and leaves it at the next transfer or at discharge.
  A stay with no end yet is still in the house. Incremental by encounter
  (macros/patient_flow_increments.sql).
#}

with

events as (
    select * from {{ ref('int_flow_events_validated') }}
    {{ changed_encounters_only() }}
),

moves as (
    select
        encounter_id,
        patient_id,
        department,
        event_type,
        event_time,
        lead(event_time) over (partition by encounter_id order by event_time, event_id) as next_move_at,
        lead(event_type) over (partition by encounter_id order by event_time, event_id) as next_move_type,
        row_number() over (partition by encounter_id order by event_time, event_id) as stay_number
    from events
    where event_type in ('arrival', 'transferred', 'discharged')
),

stays as (
    select
        encounter_id || ':' || cast(stay_number as {{ dbt.type_string() }}) as stay_id,
        encounter_id,
        patient_id,
        department,
        event_type = 'arrival' as is_arrival_stay,
        event_time as started_at,
        next_move_at as ended_at,
        next_move_type = 'discharged' as ended_in_discharge
    from moves
    where event_type <> 'discharged'
)

select * from stays
