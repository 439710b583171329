with

coefficients as (
    select * from {{ ref('stg_scores__opportunity_coefficients') }}
)

select
    feature,
    coefficient,
    standardised_coefficient,
    feature_mean,
    feature_std,
    importance_rank,
    {{ audit_columns() }}
from coefficients
