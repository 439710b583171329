with

appointment_lines as (
    select * from {{ ref('base_telehealth__appointments') }}
),

renamed as (
    select
        -- ids
        line_number,
        {{ cleaned_text('appointment_id') }} as appointment_id,
        {{ cleaned_text('patient_id') }} as patient_id,
        {{ cleaned_text('provider_id') }} as provider_id,
        {{ cleaned_text('rescheduled_from') }} as rescheduled_from,

        -- categories
        {{ category_code('status') }} as status,
        {{ category_code('device') }} as device,
        {{ category_code('reason') }} as reason,

        -- numerics (set on completed visits only), and their text as exported
        {{ parsed_integer('wait_minutes') }} as wait_minutes,
        nullif(trim(wait_minutes), '') as wait_minutes_text,
        {{ parsed_integer('duration_minutes') }} as duration_minutes,
        nullif(trim(duration_minutes), '') as duration_minutes_text,
        {{ parsed_integer('connection_quality') }} as connection_quality,
        nullif(trim(connection_quality), '') as connection_quality_text,

        -- booleans (technical_issue is empty on upcoming appointments), and their text as exported
        {{ parsed_boolean('technical_issue') }} as technical_issue,
        nullif(trim(technical_issue), '') as technical_issue_text,
        {{ parsed_boolean('reminder_sent') }} as reminder_sent,
        nullif(trim(reminder_sent), '') as reminder_sent_text,

        -- timestamps in UTC, and their text as exported
        {{ parsed_timestamp_utc('booked_at') }} as booked_at,
        nullif(trim(booked_at), '') as booked_at_text,
        {{ parsed_timestamp_utc('scheduled_at') }} as scheduled_at,
        nullif(trim(scheduled_at), '') as scheduled_at_text,

        -- why the line is not a record, when it is not
        line_problem,
        line_problem_detail

    from appointment_lines
),

parse_checked as (
    select
        line_number,
        appointment_id,
        patient_id,
        provider_id,
        rescheduled_from,
        status,
        device,
        reason,
        booked_at,
        scheduled_at,
        wait_minutes,
        duration_minutes,
        connection_quality,
        technical_issue,
        reminder_sent,
        line_problem,
        line_problem_detail,
        {{ unparseable_columns({
            'booked_at': 'booked_at_text',
            'scheduled_at': 'scheduled_at_text',
            'wait_minutes': 'wait_minutes_text',
            'duration_minutes': 'duration_minutes_text',
            'connection_quality': 'connection_quality_text',
            'technical_issue': 'technical_issue_text',
            'reminder_sent': 'reminder_sent_text',
        }) }} as unparseable_columns
    from renamed
)

select * from parse_checked
