with

drivers as (
    select * from {{ ref('stg_scores__no_show_drivers') }}
)

select
    model_name,
    feature,
    mean_abs_contribution,
    importance_rank,
    {{ audit_columns() }}
from drivers
