{{ config(materialized="table") }}

{#
  Silver, clean path: the events that passed every check, with seed 000's two
  corrections applied and flagged (the reported values stay beside them):
  - an event_time later than enqueued_at by more than var clock_skew_tolerance_minutes
    comes from a wrong device clock: the hub's receipt time replaces it;
  - an age below 0 or above var oldest_plausible_age is impossible: the age at
    the event is recomputed from the registry's birth date.
#}

with

events as (
    {{ clean_rows('chk_patient_flow__events') }}
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
        > {{ dbt.dateadd('minute', var('clock_skew_tolerance_minutes'), 'events.enqueued_at') }} as is_event_time_corrected,
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
)

select * from final
