with

contact_lines as (
    select * from {{ ref('base_crm__contacts') }}
),

renamed as (
    select
        -- ids
        line_number,
        {{ cleaned_text('Id') }} as contact_id,
        {{ cleaned_text('AccountId') }} as account_id,

        -- strings, as the outreach team typed them: names, NPI, phone and address are what identity
        -- resolution matches on (int_crm_contact_provider_matched), so they are trimmed, never corrected
        {{ cleaned_text('Salutation') }} as salutation,
        {{ cleaned_text('FirstName') }} as first_name,
        {{ cleaned_text('LastName') }} as last_name,
        {{ cleaned_text('Title') }} as title,
        {{ cleaned_text('NPI__c') }} as npi,
        {{ cleaned_text('Email') }} as email,
        {{ cleaned_text('Phone') }} as phone,
        {{ cleaned_text('MailingCity') }} as mailing_city,
        {{ cleaned_text('MailingState') }} as mailing_state,

        -- timestamps in UTC, and their text as exported
        {{ parsed_timestamp_utc('CreatedDate') }} as created_at,
        nullif(trim(createddate), '') as created_at_text,

        -- why the line is not a record, when it is not
        line_problem,
        line_problem_detail

    from contact_lines
),

parse_checked as (
    select
        line_number,
        contact_id,
        account_id,
        salutation,
        first_name,
        last_name,
        title,
        npi,
        email,
        phone,
        mailing_city,
        mailing_state,
        created_at,
        line_problem,
        line_problem_detail,
        {{ unparseable_columns({'created_at': 'created_at_text'}) }} as unparseable_columns
    from renamed
)

select * from parse_checked
