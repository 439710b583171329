with

activity_lines as (
    select * from {{ ref('base_crm__activities') }}
),

renamed as (
    select
        -- ids: WhoId is the contact the activity is with, WhatId the account it is about
        line_number,
        {{ cleaned_text('Id') }} as activity_id,
        {{ cleaned_text('WhoId') }} as contact_id,
        {{ cleaned_text('WhatId') }} as account_id,

        -- categories: Salesforce's Call / Visit / Email as call / visit / email
        {{ category_code('Type') }} as activity_type,

        -- strings
        {{ cleaned_text('Subject') }} as subject,
        {{ cleaned_text('Status') }} as status,

        -- dates and timestamps (in UTC), and their text as exported
        {{ parsed_date('ActivityDate') }} as activity_date,
        nullif(trim(activitydate), '') as activity_date_text,
        {{ parsed_timestamp_utc('CreatedDate') }} as created_at,
        nullif(trim(createddate), '') as created_at_text,

        -- why the line is not a record, when it is not
        line_problem,
        line_problem_detail

    from activity_lines
),

parse_checked as (
    select
        line_number,
        activity_id,
        contact_id,
        account_id,
        activity_type,
        subject,
        activity_date,
        status,
        created_at,
        line_problem,
        line_problem_detail,
        {{ unparseable_columns({
            'activity_date': 'activity_date_text',
            'created_at': 'created_at_text',
        }) }} as unparseable_columns
    from renamed
)

select * from parse_checked
