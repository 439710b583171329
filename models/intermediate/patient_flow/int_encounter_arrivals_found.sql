{#
  The reported arrival time of each encounter whose arrival event has landed, for the discharge rule
  (an arrival without an encounter is quarantined as missing_required, and names none).
#}

with

events as (
    select * from {{ ref('stg_patient_flow__events') }}
),

arrivals as (
    select
        encounter_id,
        min(reported_event_time) as arrival_at
    from events
    where event_type = 'arrival' and encounter_id is not null
    group by encounter_id
)

select * from arrivals
