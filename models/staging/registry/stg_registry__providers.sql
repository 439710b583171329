with

source as (
    select * from {{ domain_source('registry', 'providers') }}
),

renamed as (
    select
        -- ids
        nullif(trim(provider_id), '') as provider_id,
        nullif(trim(npi), '') as npi,

        -- strings
        trim(name) as provider_name,
        trim(practice_name) as practice_name,
        city,
        upper(trim(state)) as state,

        -- categories
        {{ category_code('specialty') }} as specialty,

        -- dates
        active_since

    from source
)

select * from renamed
