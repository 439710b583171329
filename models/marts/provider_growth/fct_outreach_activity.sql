{#
  Calls, visits and emails to a CRM contact, each on the registry provider the
  contact was matched to (the unknown provider when it was not, or when the
  activity names no contact) and on the contact's practice.
#}

with

activities as (
    select * from {{ ref('int_crm_activities_validated') }}
),

contacts as (
    select * from {{ ref('dim_contact') }}
),

practices as (
    select * from {{ ref('dim_practice') }}
),

activities_keyed as (
    select
        activities.activity_id,
        coalesce(contacts.contact_sk, {{ missing_member_key() }}) as contact_sk,
        coalesce(contacts.provider_sk, {{ missing_member_key() }}) as provider_sk,
        coalesce(practices.practice_sk, contacts.practice_sk, {{ missing_member_key() }}) as practice_sk,
        activities.activity_type,
        activities.status,
        cast(activities.activity_date as date) as activity_date_key,
        activities.created_at
    from activities
    left join contacts on activities.contact_id = contacts.contact_id
    left join practices on activities.account_id = practices.practice_id
)

select
    activity_id,
    contact_sk,
    provider_sk,
    practice_sk,
    activity_type,
    status,
    activity_date_key,
    created_at,
    {{ audit_columns() }}
from activities_keyed
