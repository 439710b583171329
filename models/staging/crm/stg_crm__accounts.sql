with

account_lines as (
    select * from {{ ref('base_crm__accounts') }}
),

renamed as (
    select
        -- ids
        line_number,
        {{ cleaned_text('Id') }} as account_id,

        -- strings
        {{ cleaned_text('Name') }} as account_name,
        {{ cleaned_text('Type') }} as account_type,
        {{ cleaned_text('BillingStreet') }} as billing_street,
        {{ cleaned_text('BillingCity') }} as billing_city,
        {{ cleaned_text('BillingState') }} as billing_state,
        {{ cleaned_text('BillingPostalCode') }} as billing_postal_code,
        {{ cleaned_text('Phone') }} as phone,

        -- timestamps in UTC (Salesforce writes 2026-03-01T14:05:00.000Z), and their text as exported
        {{ parsed_timestamp_utc('CreatedDate') }} as created_at,
        nullif(trim(createddate), '') as created_at_text,

        -- why the line is not a record, when it is not
        line_problem,
        line_problem_detail

    from account_lines
),

parse_checked as (
    select
        line_number,
        account_id,
        account_name,
        account_type,
        billing_street,
        billing_city,
        billing_state,
        billing_postal_code,
        phone,
        created_at,
        line_problem,
        line_problem_detail,
        {{ unparseable_columns({'created_at': 'created_at_text'}) }} as unparseable_columns
    from renamed
)

select * from parse_checked
