with

source as (
    select * from {{ domain_source('advocacy', 'patient_feedback') }}
),

renamed as (
    select
        -- ids
        nullif(trim(feedback_id), '') as feedback_id,
        nullif(trim(case_id), '') as case_id,

        -- numerics, and their text as exported
        {{ parsed_integer('csat') }} as csat,
        nullif(trim(csat), '') as csat_text,

        -- strings
        nullif(trim(comment), '') as comment,

        -- timestamps, in UTC
        {{ utc_timestamp('submitted_at') }} as submitted_at

    from source
),

parse_checked as (
    select
        feedback_id,
        case_id,
        csat,
        comment,
        submitted_at,
        {{ unparseable_columns({'csat': 'csat_text'}) }} as unparseable_columns
    from renamed
)

select * from parse_checked
