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

        -- numerics, and their text as exported
        {{ parsed_integer('duration_minutes') }} as duration_minutes,
        nullif(trim(duration_minutes), '') as duration_minutes_text,

        -- timestamps, in UTC
        {{ utc_timestamp('occurred_at') }} as occurred_at

    from source
),

parse_checked as (
    select
        interaction_id,
        case_id,
        advocate_id,
        channel,
        direction,
        duration_minutes,
        occurred_at,
        {{ unparseable_columns({'duration_minutes': 'duration_minutes_text'}) }} as unparseable_columns
    from renamed
)

select * from parse_checked
