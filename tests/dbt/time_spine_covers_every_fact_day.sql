-- The semantic layer joins metrics to the time spine: a fact day outside it would drop out of any
-- metric query that fills missing days. Fails with each uncovered day.
with

fact_days as (
    select created_date as fact_day from {{ ref('fct_case_lifecycle') }}
    union
    select date_key from {{ ref('mart_department_hourly') }}
    union
    select arrival_date_key from {{ ref('fct_patient_encounter') }}
),

spine as (
    select date_day from {{ ref('metricflow_time_spine') }}
)

select fact_days.fact_day
from fact_days
left join spine on fact_days.fact_day = spine.date_day
where fact_days.fact_day is not null and spine.date_day is null
