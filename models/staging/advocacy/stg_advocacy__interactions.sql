with

interaction_lines as (
    select * from {{ ref('base_advocacy__interactions') }}
),

renamed as (
    select
        -- ids
        line_number,
        {{ cleaned_text('interaction_id') }} as interaction_id,
        {{ cleaned_text('case_id') }} as case_id,
        {{ cleaned_text('advocate_id') }} as advocate_id,

        -- categories
        {{ category_code('channel') }} as channel,
        {{ category_code('direction') }} as direction,

        -- numerics and timestamps (in UTC), and their text as exported
        {{ parsed_integer('duration_minutes') }} as duration_minutes,
        nullif(trim(duration_minutes), '') as duration_minutes_text,
        {{ parsed_timestamp_utc('occurred_at') }} as occurred_at,
        nullif(trim(occurred_at), '') as occurred_at_text,

        -- why the line is not a record, when it is not
        line_problem,
        line_problem_detail

    from interaction_lines
),

parse_checked as (
    select
        line_number,
        interaction_id,
        case_id,
        advocate_id,
        channel,
        direction,
        duration_minutes,
        occurred_at,
        line_problem,
        line_problem_detail,
        {{ unparseable_columns({'duration_minutes': 'duration_minutes_text', 'occurred_at': 'occurred_at_text'}) }}
            as unparseable_columns
    from renamed
)

select * from parse_checked
