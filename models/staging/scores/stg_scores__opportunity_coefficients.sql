with

source as (
    select * from {{ source('scores', 'opportunity_coefficients') }}
),

renamed as (
    select
        feature,
        cast(coefficient as double) as coefficient,
        cast(standardised_coefficient as double) as standardised_coefficient,
        cast(feature_mean as double) as feature_mean,
        cast(feature_std as double) as feature_std,
        cast(importance_rank as integer) as importance_rank
    from source
)

select * from renamed
