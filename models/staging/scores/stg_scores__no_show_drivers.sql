with

source as (
    select * from {{ source('scores', 'no_show_drivers') }}
),

renamed as (
    select
        -- ids
        model_name,
        feature,

        -- numerics
        cast(mean_abs_contribution as double) as mean_abs_contribution,
        cast(importance_rank as integer) as importance_rank
    from source
)

select * from renamed
