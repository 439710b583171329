with

advocate_lines as (
    select * from {{ ref('base_advocacy__advocates') }}
),

renamed as (
    select
        -- ids
        line_number,
        {{ cleaned_text('advocate_id') }} as advocate_id,

        -- strings
        trim(name) as advocate_name,
        {{ category_code('team') }} as team,

        -- numerics and dates, and their text as exported
        {{ parsed_integer('capacity') }} as capacity,
        nullif(trim(capacity), '') as capacity_text,
        {{ parsed_date('hired_at') }} as hired_at,
        nullif(trim(hired_at), '') as hired_at_text,

        -- why the line is not a record, when it is not
        line_problem,
        line_problem_detail

    from advocate_lines
),

parse_checked as (
    select
        line_number,
        advocate_id,
        advocate_name,
        team,
        capacity,
        hired_at,
        line_problem,
        line_problem_detail,
        {{ unparseable_columns({'capacity': 'capacity_text', 'hired_at': 'hired_at_text'}) }} as unparseable_columns
    from renamed
)

select * from parse_checked
