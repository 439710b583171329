{#
  MetricFlow's day spine: one row per calendar day from var time_spine_start
  to time_spine_end, wide enough for every history and live feed the
  generators make. Metrics join it only when asked to fill missing days.
#}

with

days as (
    {{ dbt.date_spine('day', "cast('" ~ var('time_spine_start') ~ "' as date)", "cast('" ~ var('time_spine_end') ~ "' as date)") }}
)

select cast(date_day as date) as date_day
from days
