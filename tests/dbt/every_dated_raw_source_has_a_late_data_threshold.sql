{#
  mart_alerts joins each dated raw source to its late_data row of seeds/monitoring/monitoring__thresholds.csv:
  a source without one would never be checked. Fails naming it.
#}

select sources.raw_source
from {{ ref('int_raw_sources_dated') }} as sources
where sources.raw_source not in (
    select thresholds.subject
    from {{ ref('monitoring__thresholds') }} as thresholds
    where thresholds.check_name = 'late_data'
)
