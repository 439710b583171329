{#
  What the provider matching (healthcare_ops/scoring/provider_matching.py) links: the CRM contacts and the
  registry's providers, one row each, with the fields both sides have. A table: the scoring phase reads it.

  The contacts are those that passed the file's structural checks (int_crm_contacts_checked), not the clean ones:
  the contact checks quarantine an unmatched contact (unmatched_provider), so they come after the scores and
  cannot come before them too. A line quarantined for its form is never matched, so it moves neither the
  estimates nor another contact's match; the accounts are the clean ones.
  A contact's practice is its account's name; its city and state those of its mailing address, or its
  account's billing address when it has none.
#}

with

contacts as (
    select * from {{ ref('int_crm_contacts_checked') }}
    where rejection_reason is null
),

accounts as (
    select * from {{ ref('int_crm_accounts_validated') }}
),

providers as (
    select * from {{ ref('int_providers_validated') }}
),

contact_records as (
    select
        'crm' as record_source,
        contacts.contact_id as record_id,
        contacts.first_name,
        contacts.last_name,
        cast(null as {{ dbt.type_string() }}) as full_name,
        contacts.npi,
        accounts.account_name as practice_name,
        coalesce(contacts.mailing_city, accounts.billing_city) as city,
        coalesce(contacts.mailing_state, accounts.billing_state) as state
    from contacts
    left join accounts
        on contacts.account_id = accounts.account_id
),

provider_records as (
    select
        'registry' as record_source,
        provider_id as record_id,
        cast(null as {{ dbt.type_string() }}) as first_name,
        cast(null as {{ dbt.type_string() }}) as last_name,
        provider_name as full_name,
        npi,
        practice_name,
        city,
        state
    from providers
),

match_records as (
    select * from contact_records
    union all
    select * from provider_records
)

select
    record_source,
    record_id,
    first_name,
    last_name,
    full_name,
    npi,
    practice_name,
    city,
    state
from match_records
