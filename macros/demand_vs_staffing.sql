{#
  Demand against staffing by department, weekday and hour, over a range of
  days: the one definition behind mart_demand_vs_staffing (all days) and the
  dashboard's date- and department-filtered view of it.

  Each side is a share of its department's week: demand_share = the cell's
  average arrivals / the sum over the week's 168 cells; staffing_share
  likewise for staffed nurses. demand_to_staffing_ratio = demand_share /
  staffing_share is 1 where staffing follows demand and above 1 where the
  peak outruns it. A cell is an understaffed peak at var understaffed_ratio
  or more, when it is busy enough to be a peak (var
  min_peak_arrivals_per_hour): a ward taking a few scheduled arrivals a week
  would otherwise flag any hour one of them fell in.

  first_day, last_day and departments are SQL expressions: null days leave
  the range open, an empty list of departments is every department.
#}
{% macro demand_vs_staffing_sql(hourly, staffing, first_day='null', last_day='null', departments='null') %}
with

hourly as (
    select * from {{ hourly }}
),

staffing as (
    select * from {{ staffing }}
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
    where
        ({{ first_day }} is null or date_key >= {{ first_day }})
        and ({{ last_day }} is null or date_key <= {{ last_day }})
        and {{ among(departments, 'department') }}
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
        -- 1e0: a double on every engine (1.0 is a decimal on Spark)
        staffed_nurses * 1e0 / sum(staffed_nurses) over (partition by department) as staffing_share
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
        demand_share / staffing_share >= {{ var('understaffed_ratio') }}
        and avg_arrivals >= {{ var('min_peak_arrivals_per_hour') }},
        false
    ) as is_understaffed_peak
from shares
{% endmacro %}

{# SQL: the column's value is in the list expression, or the list is null or empty (no filter). #}
{% macro among(values, column) -%}{{ adapter.dispatch('among')(values, column) }}{%- endmacro %}
{% macro default__among(values, column) -%}{{ missing_variant('among') }}{%- endmacro %}
{% macro duckdb__among(values, column) -%}
    ({{ values }} is null or len({{ values }}) = 0 or list_contains({{ values }}, {{ column }}))
{%- endmacro %}
{# Spark cannot type array_contains(null, x): a literal null list is no filter, written out. #}
{% macro spark__among(values, column) -%}
    {%- if values | trim | lower == 'null' -%}
        true
    {%- else -%}
        ({{ values }} is null or size({{ values }}) = 0 or array_contains({{ values }}, {{ column }}))
    {%- endif -%}
{%- endmacro %}

{#
  post_hook of mart_demand_vs_staffing: the same definition as a table function
  `<schema>.demand_vs_staffing_between(first_day, last_day, departments)` that
  the dashboard calls with its filters as bound parameters. Engines without
  table macros have only the mart. References leave out the database, whose
  name follows the file name and changes when the warehouse is published.
#}
{% macro create_demand_vs_staffing_function(schema) -%}
    {{ adapter.dispatch('create_demand_vs_staffing_function')(schema) }}
{%- endmacro %}
{# Nothing to run elsewhere (an empty hook is skipped): the mart holds every day and department. #}
{% macro default__create_demand_vs_staffing_function(schema) -%}{%- endmacro %}
{% macro duckdb__create_demand_vs_staffing_function(schema) -%}
    create or replace macro {{ schema }}.demand_vs_staffing_between(first_day, last_day, departments) as table
    {{ demand_vs_staffing_sql(
        ref('mart_department_hourly').include(database=False),
        ref('patient_flow__staffing').include(database=False),
        'cast(first_day as date)', 'cast(last_day as date)', 'cast(departments as varchar[])'
    ) }}
{%- endmacro %}

{#
  The same function in a DuckDB file dbt did not build: the reader of a Spark
  build (pipeline/spark_reader.py) runs `dbt run-operation
  create_demand_vs_staffing_function_in --args '{schema: marts}'` on it, with
  the thresholds that build used as --vars. DuckDB checks a table macro's
  tables when it is created: the file already holds the views it reads.
#}
{% macro create_demand_vs_staffing_function_in(schema) -%}
    {% do run_query(create_demand_vs_staffing_function(schema)) %}
{%- endmacro %}
