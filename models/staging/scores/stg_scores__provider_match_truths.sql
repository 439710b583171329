with

source as (
    select * from {{ source('scores', 'provider_match_truth') }}
),

renamed as (
    select
        -- ids
        contact_id,
        true_provider_id
    from source
)

select * from renamed
