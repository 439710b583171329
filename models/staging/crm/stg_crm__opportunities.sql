with

opportunity_lines as (
    select * from {{ ref('base_crm__opportunities') }}
),

renamed as (
    select
        -- ids: ContactId is the provider contact the deal is with (it may be empty)
        line_number,
        {{ cleaned_text('Id') }} as opportunity_id,
        {{ cleaned_text('AccountId') }} as account_id,
        {{ cleaned_text('ContactId') }} as contact_id,

        -- strings
        {{ cleaned_text('Name') }} as opportunity_name,

        -- categories: Salesforce's picklist values as exported ('Closed Won', 'Partner Referral'), trimmed;
        -- the seeds crm__opportunity_stages and crm__lead_sources list them
        {{ cleaned_text('StageName') }} as stage_name,
        {{ cleaned_text('LeadSource') }} as lead_source,

        -- numerics: Amount and ExpectedRevenue in dollars, Probability a percent (0-100), and their text
        {{ parsed_double('Amount') }} as amount,
        nullif(trim(amount), '') as amount_text,
        {{ parsed_double('Probability') }} as probability,
        nullif(trim(probability), '') as probability_text,
        {{ parsed_double('ExpectedRevenue') }} as expected_revenue,
        nullif(trim(expectedrevenue), '') as expected_revenue_text,

        -- booleans (true / false), and their text as exported
        {{ parsed_boolean('IsClosed') }} as is_closed,
        nullif(trim(isclosed), '') as is_closed_text,
        {{ parsed_boolean('IsWon') }} as is_won,
        nullif(trim(iswon), '') as is_won_text,

        -- dates and timestamps (in UTC), and their text as exported
        {{ parsed_date('CloseDate') }} as close_date,
        nullif(trim(closedate), '') as close_date_text,
        {{ parsed_timestamp_utc('CreatedDate') }} as created_at,
        nullif(trim(createddate), '') as created_at_text,

        -- why the line is not a record, when it is not
        line_problem,
        line_problem_detail

    from opportunity_lines
),

parse_checked as (
    select
        line_number,
        opportunity_id,
        account_id,
        contact_id,
        opportunity_name,
        stage_name,
        amount,
        probability,
        expected_revenue,
        close_date,
        is_closed,
        is_won,
        lead_source,
        created_at,
        line_problem,
        line_problem_detail,
        {{ unparseable_columns({
            'amount': 'amount_text',
            'probability': 'probability_text',
            'expected_revenue': 'expected_revenue_text',
            'close_date': 'close_date_text',
            'is_closed': 'is_closed_text',
            'is_won': 'is_won_text',
            'created_at': 'created_at_text',
        }) }} as unparseable_columns
    from renamed
)

select * from parse_checked
