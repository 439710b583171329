{#
  One deal with a referring practice. Its provider is the registry provider its
  contact (Opportunity.ContactId) was matched to; a deal with no contact, or an
  unmatched one, is the unknown provider's: a practice's deal is not spread over
  its providers.
#}

with

opportunities as (
    select * from {{ ref('int_crm_opportunities_validated') }}
),

contacts as (
    select * from {{ ref('dim_contact') }}
),

practices as (
    select * from {{ ref('dim_practice') }}
),

opportunities_keyed as (
    select
        opportunities.opportunity_id,
        coalesce(practices.practice_sk, {{ missing_member_key() }}) as practice_sk,
        coalesce(contacts.contact_sk, {{ missing_member_key() }}) as contact_sk,
        coalesce(contacts.provider_sk, {{ missing_member_key() }}) as provider_sk,
        opportunities.stage_name,
        opportunities.lead_source,
        cast(opportunities.amount as double) as amount,
        cast(opportunities.probability as double) as probability,
        cast(opportunities.expected_revenue as double) as expected_revenue,
        opportunities.is_closed,
        opportunities.is_won,
        not opportunities.is_closed as is_open,
        opportunities.is_closed and not opportunities.is_won as is_lost,
        cast(opportunities.close_date as date) as close_date,
        opportunities.created_at,
        cast(opportunities.created_at as date) as created_date_key
    from opportunities
    left join practices on opportunities.account_id = practices.practice_id
    left join contacts on opportunities.contact_id = contacts.contact_id
)

select
    opportunity_id,
    practice_sk,
    contact_sk,
    provider_sk,
    stage_name,
    lead_source,
    amount,
    probability,
    expected_revenue,
    is_closed,
    is_won,
    is_open,
    is_lost,
    close_date,
    created_at,
    created_date_key,
    {{ audit_columns() }}
from opportunities_keyed
