with

source as (
    select * from {{ domain_source('advocacy', 'interactions') }}
),

renamed as (
    select
        -- ids
        nullif(trim(interaction_id), '') as interaction_id,
        nullif(trim(case_id), '') as case_id,
        nullif(trim(advocate_id), '') as advocate_id,

        -- categories
        {{ category_code('channel') }} as channel,
        {{ category_code('direction') }} as direction,

        -- numerics
        duration_minutes,

        -- timestamps
        occurred_at

    from source
)

select * from renamed
