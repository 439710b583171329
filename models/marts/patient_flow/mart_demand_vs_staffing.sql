{{ config(post_hook="{{ create_demand_vs_staffing_function(this.schema) }}") }}

{# Demand against staffing over every day observed: macros/demand_vs_staffing.sql defines it. #}

with

cells as (
    {{ demand_vs_staffing_sql(ref('mart_department_hourly'), ref('patient_flow__staffing')) }}
)

select
    department_sk,
    department,
    iso_day_of_week,
    hour_key,
    hours_observed,
    avg_arrivals,
    avg_census,
    staffed_nurses,
    arrivals_per_nurse,
    census_per_nurse,
    demand_share,
    staffing_share,
    demand_to_staffing_ratio,
    is_understaffed_peak,
    {{ audit_columns() }}
from cells
