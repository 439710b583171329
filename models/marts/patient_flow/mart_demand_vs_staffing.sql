{#
  Demand against staffing by department, weekday and hour. Each side is a
  share of its department's week: demand_share = the cell's average arrivals
  / the sum over the week's 168 cells; staffing_share likewise for staffed
  nurses. demand_to_staffing_ratio = demand_share / staffing_share is 1 where
  staffing follows demand and above 1 where the peak outruns it. A cell is
  an understaffed peak at 1.5 or more, when it is busy enough to be a peak
  (var min_peak_arrivals_per_hour): a ward taking a few scheduled arrivals
  a week would otherwise flag any hour one of them fell in.
#}

with

hourly as (
    select * from {{ ref('mart_department_hourly') }}
),

staffing as (
    select * from {{ ref('patient_flow__staffing') }}
),

cells as (
    select
        department_sk,
        department,
        iso_day_of_week,
        hour_key,
        count(*) as hours_observed,
        avg(arrivals) as avg_arrivals,
        avg(census) as avg_census
    from hourly
    group by department_sk, department, iso_day_of_week, hour_key
),

cells_staffed as (
    select
        cells.department_sk,
        cells.department,
        cells.iso_day_of_week,
        cells.hour_key,
        cells.hours_observed,
        cells.avg_arrivals,
        cells.avg_census,
        staffing.staffed_nurses
    from cells
    inner join staffing
        on
            cells.department = staffing.department
            and cells.hour_key = staffing.hour_of_day
            and staffing.day_type = case when cells.iso_day_of_week >= 6 then 'weekend' else 'weekday' end
),

shares as (
    select
        department_sk,
        department,
        iso_day_of_week,
        hour_key,
        hours_observed,
        avg_arrivals,
        avg_census,
        staffed_nurses,
        avg_arrivals / nullif(sum(avg_arrivals) over (partition by department), 0) as demand_share,
        staffed_nurses * 1.0 / sum(staffed_nurses) over (partition by department) as staffing_share
    from cells_staffed
)

select
    department_sk,
    department,
    iso_day_of_week,
    hour_key,
    cast(hours_observed as integer) as hours_observed,
    avg_arrivals,
    avg_census,
    staffed_nurses,
    avg_arrivals / staffed_nurses as arrivals_per_nurse,
    avg_census / staffed_nurses as census_per_nurse,
    demand_share,
    staffing_share,
    demand_share / staffing_share as demand_to_staffing_ratio,
    coalesce(
        demand_share / staffing_share >= 1.5 and avg_arrivals >= {{ var('min_peak_arrivals_per_hour') }}, false
    ) as is_understaffed_peak,
    {{ audit_columns() }}
from shares
