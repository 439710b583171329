{#
  The providers as the CRM knows them, each tied to the registry provider the
  identity resolution matched (int_crm_contact_provider_matched), or to the
  unknown provider. Names, NPI, email and phone stay in the clean model: the
  provider dimension holds who the provider is.
#}

with

contacts as (
    select * from {{ ref('int_crm_contacts_validated') }}
),

matches as (
    select * from {{ ref('int_crm_contact_provider_matched') }}
),

practices as (
    select * from {{ ref('dim_practice') }}
),

contacts_keyed as (
    select
        {{ surrogate_key('contacts.contact_id') }} as contact_sk,
        contacts.contact_id,
        coalesce(practices.practice_sk, {{ missing_member_key() }}) as practice_sk,
        coalesce(matches.provider_sk, {{ missing_member_key() }}) as provider_sk,
        matches.match_probability,
        coalesce(matches.is_matched, false) as is_matched,
        contacts.title,
        contacts.mailing_city,
        contacts.mailing_state,
        contacts.created_at,
        cast(contacts.created_at as date) as created_date_key
    from contacts
    left join matches on contacts.contact_id = matches.contact_id
    left join practices on contacts.account_id = practices.practice_id
),

missing_member as (
    select
        {{ missing_member_key() }} as contact_sk,
        'unknown' as contact_id,
        {{ missing_member_key() }} as practice_sk,
        {{ missing_member_key() }} as provider_sk,
        cast(null as double) as match_probability,
        false as is_matched,
        cast(null as {{ dbt.type_string() }}) as title,
        cast(null as {{ dbt.type_string() }}) as mailing_city,
        cast(null as {{ dbt.type_string() }}) as mailing_state,
        cast(null as {{ dbt.type_timestamp() }}) as created_at,
        cast(null as date) as created_date_key
),

dimension as (
    select * from contacts_keyed
    union all
    select * from missing_member
)

select
    contact_sk,
    contact_id,
    practice_sk,
    provider_sk,
    match_probability,
    is_matched,
    title,
    mailing_city,
    mailing_state,
    created_at,
    created_date_key,
    {{ audit_columns() }}
from dimension
