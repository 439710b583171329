{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ delete_changed_encounters() }}") }}

{#
  Silver, clean path: the events that passed every check, with seed 000's two
  corrections applied and flagged (the reported values stay beside them):
  - an event_time later than enqueued_at by more than var clock_skew_tolerance_minutes
    comes from a wrong device clock: the hub's receipt time replaces it;
  - an age below 0 or above var oldest_plausible_age is impossible: the age at
    the event is recomputed from the registry's birth date.
  Incremental by encounter (macros/patient_flow_increments.sql).
#}

with

events as (
    select * from (
        {{ clean_rows('chk_patient_flow__events') }}
    ) as clean_events
    {{ changed_encounters_only() }}
),

patients as (
    select * from {{ ref('int_patients_validated') }}
),

events_corrected as (
    select
        events.event_id,
        events.encounter_id,
        events.event_type,
        events.patient_id,
        events.department,
        events.service_line,
        events.referring_provider_id,
        events.acuity,
        events.disposition,
        events.total_cost,
        events.satisfaction,
        events.sequence_number,
        events.enqueued_at,
        events.reported_event_time,
        events.reported_age,
        events.source_file,
        events.line_number,
        events.landed_at,
        events.reported_event_time
        > {{ add_minutes('events.enqueued_at', var('clock_skew_tolerance_minutes')) }} as is_event_time_corrected,
        (
            events.reported_age < 0 or events.reported_age > {{ var('oldest_plausible_age') }}
        ) as is_age_corrected,
        patients.birth_date
    from events
    inner join patients on events.patient_id = patients.patient_id
),

final as (
    select
        event_id,
        encounter_id,
        event_type,
        patient_id,
        department,
        service_line,
        referring_provider_id,
        acuity,
        disposition,
        total_cost,
        satisfaction,
        sequence_number,
        enqueued_at,
        source_file,
        line_number,
        landed_at,
        reported_event_time,
        case when is_event_time_corrected then enqueued_at else reported_event_time end as event_time,
        is_event_time_corrected,
        reported_age,
        case
            when is_age_corrected then {{ age_in_years('birth_date', 'reported_event_time') }}
            else reported_age
        end as age,
        coalesce(is_age_corrected, false) as is_age_corrected
    from events_corrected
),

-- the department the patient was admitted into: a patient admitted in the emergency department is
-- admitted into the ward the next transfer takes them to, and counts there, at that time
events_in_order as (
    select
        event_id,
        event_type,
        department,
        lag(event_type) over (partition by encounter_id order by event_time, event_id) as previous_event_type,
        lag(department) over (partition by encounter_id order by event_time, event_id) as previous_department,
        lead(event_type) over (partition by encounter_id order by event_time, event_id) as next_event_type
    from final
),

admissions_placed as (
    select
        event_id,
        coalesce(
            (
                event_type = 'admitted'
                and not (department = '{{ var("emergency_department") }}' and next_event_type = 'transferred')
            )
            or (
                event_type = 'transferred'
                and previous_event_type = 'admitted'
                and previous_department = '{{ var("emergency_department") }}'
            ),
            false
        ) as is_admission
    from events_in_order
)

select
    final.*,
    admissions_placed.is_admission
from final
inner join admissions_placed on final.event_id = admissions_placed.event_id
