{#
  What the provider matching (healthcare_ops/scoring/provider_matching.py) links: the CRM contacts and the
  registry's providers, one row each, with the fields both sides have. A table: the scoring phase reads it.

  The contacts are the staged rows (one per contact_id, its first line), not the clean ones: the contact checks
  quarantine an unmatched contact (unmatched_provider), so they come after the scores and cannot come before
  them too. A contact the checks quarantine for another reason is scored and then left out of the crosswalk
  (int_crm_contact_provider_matched reads the checks).
  A contact's practice is its account's name; its city and state those of its mailing address, or its
  account's billing address when it has none.
#}

with

contacts as (
    select * from {{ ref('stg_crm__contacts') }}
    where line_problem is null and contact_id is not null
),

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
    where line_problem is null and account_id is not null
),

providers as (
    select * from {{ ref('int_providers_validated') }}
),

first_contact_lines as (
    select
        contacts.*,
        row_number() over (partition by contacts.contact_id order by contacts.line_number) as line_rank
    from contacts
),

first_account_lines as (
    select
        accounts.*,
        row_number() over (partition by accounts.account_id order by accounts.line_number) as line_rank
    from accounts
),

contact_records as (
    select
        'crm' as record_source,
        first_contact_lines.contact_id as record_id,
        first_contact_lines.first_name,
        first_contact_lines.last_name,
        cast(null as {{ dbt.type_string() }}) as full_name,
        first_contact_lines.npi,
        first_account_lines.account_name as practice_name,
        coalesce(first_contact_lines.mailing_city, first_account_lines.billing_city) as city,
        coalesce(first_contact_lines.mailing_state, first_account_lines.billing_state) as state
    from first_contact_lines
    left join first_account_lines
        on
            first_contact_lines.account_id = first_account_lines.account_id
            and first_account_lines.line_rank = 1
    where first_contact_lines.line_rank = 1
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
