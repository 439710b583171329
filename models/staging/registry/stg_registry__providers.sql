with

provider_lines as (
    select * from {{ ref('base_registry__providers') }}
),

renamed as (
    select
        -- ids
        line_number,
        {{ cleaned_text('provider_id') }} as provider_id,
        nullif(trim(npi), '') as npi,

        -- strings
        trim(name) as provider_name,
        trim(practice_name) as practice_name,
        city,
        upper(trim(state)) as state,

        -- categories
        {{ category_code('specialty') }} as specialty,

        -- dates, and their text as exported
        {{ parsed_date('active_since') }} as active_since,
        nullif(trim(active_since), '') as active_since_text,

        -- why the line is not a record, when it is not
        line_problem,
        line_problem_detail

    from provider_lines
),

parse_checked as (
    select
        line_number,
        provider_id,
        npi,
        provider_name,
        practice_name,
        city,
        state,
        specialty,
        active_since,
        line_problem,
        line_problem_detail,
        {{ unparseable_columns({'active_since': 'active_since_text'}) }} as unparseable_columns
    from renamed
)

select * from parse_checked
