with

usage_lines as (
    select * from {{ ref('base_inventory__usage') }}
),

renamed as (
    select
        -- ids
        line_number,
        {{ cleaned_text('usage_id') }} as usage_id,
        {{ cleaned_text('encounter_id') }} as encounter_id,
        {{ cleaned_text('item_id') }} as item_id,

        -- numerics, and their text as exported
        {{ parsed_integer('quantity') }} as quantity,
        nullif(trim(quantity), '') as quantity_text,

        -- timestamps in UTC, and their text as exported
        {{ parsed_timestamp_utc('used_at') }} as used_at,
        nullif(trim(used_at), '') as used_at_text,

        -- why the line is not a record, when it is not
        line_problem,
        line_problem_detail

    from usage_lines
),

parse_checked as (
    select
        line_number,
        usage_id,
        encounter_id,
        item_id,
        quantity,
        used_at,
        line_problem,
        line_problem_detail,
        {{ unparseable_columns({
            'quantity': 'quantity_text',
            'used_at': 'used_at_text',
        }) }} as unparseable_columns
    from renamed
)

select * from parse_checked
