with

source as (
    select * from {{ domain_source('advocacy', 'advocates') }}
),

renamed as (
    select
        -- ids
        nullif(trim(advocate_id), '') as advocate_id,

        -- strings
        trim(name) as advocate_name,
        {{ category_code('team') }} as team,

        -- numerics
        capacity,

        -- dates
        hired_at

    from source
)

select * from renamed
