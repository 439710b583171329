{# The reported arrival time of each encounter whose arrival event has landed, for the discharge rule. #}

with

events as (
    select * from {{ ref('stg_patient_flow__events') }}
),

arrivals as (
    select
        encounter_id,
        min(reported_event_time) as arrival_at
    from events
    where event_type = 'arrival'
    group by encounter_id
)

select * from arrivals
