with

case_event_lines as (
    select * from {{ ref('base_advocacy__case_events') }}
),

renamed as (
    select
        -- ids
        line_number,
        {{ cleaned_text('event_id') }} as event_id,
        {{ cleaned_text('case_id') }} as case_id,
        {{ cleaned_text('advocate_id') }} as advocate_id,

        -- categories
        {{ category_code('event_type') }} as event_type,

        -- timestamps in UTC, and their text as exported
        {{ parsed_timestamp_utc('event_at') }} as event_at,
        nullif(trim(event_at), '') as event_at_text,

        -- why the line is not a record, when it is not
        line_problem,
        line_problem_detail

    from case_event_lines
),

parse_checked as (
    select
        line_number,
        event_id,
        case_id,
        advocate_id,
        event_type,
        event_at,
        line_problem,
        line_problem_detail,
        {{ unparseable_columns({'event_at': 'event_at_text'}) }} as unparseable_columns
    from renamed
)

select * from parse_checked
