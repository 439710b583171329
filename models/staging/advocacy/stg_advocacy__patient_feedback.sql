with

feedback_lines as (
    select * from {{ ref('base_advocacy__patient_feedback') }}
),

renamed as (
    select
        -- ids
        line_number,
        {{ cleaned_text('feedback_id') }} as feedback_id,
        {{ cleaned_text('case_id') }} as case_id,

        -- numerics and timestamps (in UTC), and their text as exported
        {{ parsed_integer('csat') }} as csat,
        nullif(trim(csat), '') as csat_text,
        {{ parsed_timestamp_utc('submitted_at') }} as submitted_at,
        nullif(trim(submitted_at), '') as submitted_at_text,

        -- strings
        nullif(trim(comment), '') as comment,

        -- why the line is not a record, when it is not
        line_problem,
        line_problem_detail

    from feedback_lines
),

parse_checked as (
    select
        line_number,
        feedback_id,
        case_id,
        csat,
        comment,
        submitted_at,
        line_problem,
        line_problem_detail,
        {{ unparseable_columns({'csat': 'csat_text', 'submitted_at': 'submitted_at_text'}) }} as unparseable_columns
    from renamed
)

select * from parse_checked
