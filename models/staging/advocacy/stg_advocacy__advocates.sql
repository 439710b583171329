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

        -- numerics, and their text as exported
        {{ parsed_integer('capacity') }} as capacity,
        nullif(trim(capacity), '') as capacity_text,

        -- dates
        hired_at

    from source
),

parse_checked as (
    select
        advocate_id,
        advocate_name,
        team,
        capacity,
        hired_at,
        {{ unparseable_columns({'capacity': 'capacity_text'}) }} as unparseable_columns
    from renamed
)

select * from parse_checked
