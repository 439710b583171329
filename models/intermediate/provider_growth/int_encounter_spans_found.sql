{#-
  Each patient-flow encounter as fct_patient_encounter counts them (its arrival event landed clean), with
  when the patient arrived and, once discharged, left: the span a supply use must fall in
  (chk_inventory__usage). Times are the corrected event times (int_flow_events_validated).
-#}

with

events as (
    select * from {{ ref('int_flow_events_validated') }}
),

spans as (
    select
        encounter_id,
        min(case when event_type = 'arrival' then event_time end) as arrived_at,
        max(case when event_type = 'discharged' then event_time end) as discharged_at
    from events
    group by encounter_id
),

arrived as (
    select
        encounter_id,
        arrived_at,
        discharged_at
    from spans
    where arrived_at is not null
)

select * from arrived
