with

feedback_lines as (
    select * from {{ ref('base_telehealth__appointment_feedback') }}
),

renamed as (
    select
        -- ids
        line_number,
        {{ cleaned_text('feedback_id') }} as feedback_id,
        {{ cleaned_text('appointment_id') }} as appointment_id,

        -- numerics and timestamps (in UTC), and their text as exported
        {{ parsed_integer('overall_rating') }} as overall_rating,
        nullif(trim(overall_rating), '') as overall_rating_text,
        {{ parsed_integer('provider_rating') }} as provider_rating,
        nullif(trim(provider_rating), '') as provider_rating_text,
        {{ parsed_integer('connection_rating') }} as connection_rating,
        nullif(trim(connection_rating), '') as connection_rating_text,
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
        appointment_id,
        submitted_at,
        overall_rating,
        provider_rating,
        connection_rating,
        comment,
        line_problem,
        line_problem_detail,
        {{ unparseable_columns({
            'submitted_at': 'submitted_at_text',
            'overall_rating': 'overall_rating_text',
            'provider_rating': 'provider_rating_text',
            'connection_rating': 'connection_rating_text',
        }) }} as unparseable_columns
    from renamed
)

select * from parse_checked
