with

source as (
    select * from {{ domain_source('advocacy', 'case_events') }}
),

renamed as (
    select
        -- ids
        nullif(trim(event_id), '') as event_id,
        nullif(trim(case_id), '') as case_id,
        nullif(trim(advocate_id), '') as advocate_id,

        -- categories
        {{ category_code('event_type') }} as event_type,

        -- timestamps
        {{ utc_timestamp('event_at') }} as event_at

    from source
)

select * from renamed
