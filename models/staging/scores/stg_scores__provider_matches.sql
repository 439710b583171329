with

source as (
    select * from {{ source('scores', 'provider_matches') }}
),

renamed as (
    select
        -- ids
        contact_id,
        provider_id,

        -- numerics
        cast(match_probability as double) as match_probability,
        cast(match_weight as double) as match_weight
    from source
)

select * from renamed
