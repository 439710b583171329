{#
  The crosswalk from CRM contacts to registry providers (README, "Provider growth: matching"): every contact the
  checks passed, and every one they quarantined only as unmatched_provider, with its best candidate's match
  probability; provider_id and provider_sk only when it is matched.
#}

with

contacts as (
    select * from {{ ref('chk_crm__contacts') }}
    where rejection_reason is null or rejection_reason = 'unmatched_provider'
),

scored as (
    select * from {{ ref('int_crm_contact_provider_scored') }}
)

select
    contacts.contact_id,
    scored.provider_id,
    scored.provider_sk,
    scored.match_probability,
    coalesce(scored.is_matched, false) as is_matched
from contacts
left join scored
    on contacts.contact_id = scored.contact_id
