with

patient_lines as (
    select * from {{ ref('base_registry__patients') }}
),

renamed as (
    select
        -- ids
        line_number,
        {{ cleaned_text('patient_id') }} as patient_id,

        -- identifying details: kept in staging only, no mart carries them
        first_name,
        last_name,
        {{ parsed_date('birth_date') }} as birth_date,
        nullif(trim(birth_date), '') as birth_date_text,
        street,
        city,
        upper(trim(state)) as state,
        -- an empty zip is unknown (null), so dim_patient.zip3 is too, not an empty string
        nullif(trim(zip), '') as zip,
        phone,

        -- categories
        upper(trim(sex)) as sex,
        {{ category_code('insurance_type') }} as insurance_type,

        -- timestamps in UTC, and their text as exported
        {{ parsed_timestamp_utc('registered_at') }} as registered_at,
        nullif(trim(registered_at), '') as registered_at_text,

        -- why the line is not a record, when it is not
        line_problem,
        line_problem_detail

    from patient_lines
),

parse_checked as (
    select
        line_number,
        patient_id,
        first_name,
        last_name,
        birth_date,
        street,
        city,
        state,
        zip,
        phone,
        sex,
        insurance_type,
        registered_at,
        line_problem,
        line_problem_detail,
        {{ unparseable_columns({'birth_date': 'birth_date_text', 'registered_at': 'registered_at_text'}) }}
            as unparseable_columns
    from renamed
)

select * from parse_checked
