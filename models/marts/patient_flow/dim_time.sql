{# One row per hour of the day: the grain at which the flow marts read time. #}

with

hours as (
    select cast(generated_number - 1 as integer) as hour_key
    from ({{ dbt.generate_series(24) }}) as series
),

hours_described as (
    select
        hour_key,
        lpad(cast(hour_key as {{ dbt.type_string() }}), 2, '0') || ':00' as hour_label,
        case
            when hour_key < 7 then 'night'
            when hour_key < 12 then 'morning'
            when hour_key < 17 then 'afternoon'
            when hour_key < 22 then 'evening'
            else 'night'
        end as day_part,
        hour_key >= {{ var('business_hours_start') }} and hour_key < {{ var('business_hours_end') }} as is_business_hour
    from hours
)

select
    hour_key,
    hour_label,
    day_part,
    is_business_hour,
    {{ audit_columns() }}
from hours_described
