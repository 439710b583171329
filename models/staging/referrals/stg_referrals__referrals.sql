with

referral_lines as (
    select * from {{ ref('base_referrals__referrals') }}
),

renamed as (
    select
        -- ids
        line_number,
        {{ cleaned_text('referral_id') }} as referral_id,
        {{ cleaned_text('patient_id') }} as patient_id,
        {{ cleaned_text('referring_provider_id') }} as referring_provider_id,

        -- categories: a service line of the hospital's departments (patient_flow__departments)
        {{ category_code('service_line') }} as service_line,

        -- timestamps in UTC, and their text as exported
        {{ parsed_timestamp_utc('referred_at') }} as referred_at,
        nullif(trim(referred_at), '') as referred_at_text,

        -- why the line is not a record, when it is not
        line_problem,
        line_problem_detail

    from referral_lines
),

parse_checked as (
    select
        line_number,
        referral_id,
        patient_id,
        referring_provider_id,
        service_line,
        referred_at,
        line_problem,
        line_problem_detail,
        {{ unparseable_columns({'referred_at': 'referred_at_text'}) }} as unparseable_columns
    from renamed
)

select * from parse_checked
