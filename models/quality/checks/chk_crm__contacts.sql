{#-
  Contacts are the providers as the CRM knows them. Names, NPI__c, phone and address are loaded as typed
  (a missing or mistyped NPI, another spelling or a moved practice is the identity mess that matching
  resolves, not bad input); Salesforce requires LastName. AccountId may be empty (Salesforce allows a
  contact without an account), but an account given must be a clean one.

  Two steps: contacts_checked holds the file's structural checks (int_crm_contacts_checked); contact_reasons
  is where reasons about the contact as a whole go, each taken only for a row the structural checks passed.
  unmatched_provider (identity resolution, README "Provider growth: matching") is such a reason: a contact
  whose best registry candidate's match probability is below var provider_match_threshold, or that has none
  (int_crm_contact_provider_scored). The matcher reads the contacts that passed the structural checks
  (int_crm_contacts_checked, via int_provider_match_records), so this model is built after the scoring phase.
  A quarantined contact quarantines its activities and opportunities too (parent_quarantined).
-#}
with

contacts_checked as (
    select * from {{ ref('int_crm_contacts_checked') }}
),

provider_matches as (
    select * from {{ ref('int_crm_contact_provider_scored') }}
),

-- the line as it arrived, kept for a contact quarantined here as for one the structural checks quarantined
contact_lines as (
    select
        line_number,
        line_text
    from {{ ref('base_crm__contacts') }}
),

contacts_matched as (
    select
        contacts_checked.*,
        coalesce(provider_matches.is_matched, false) as is_matched,
        provider_matches.match_probability
    from contacts_checked
    left join provider_matches
        on contacts_checked.contact_id = provider_matches.contact_id
),

contact_reasons as (
    select
        contacts_matched.contact_id,
        contacts_matched.account_id,
        contacts_matched.salutation,
        contacts_matched.first_name,
        contacts_matched.last_name,
        contacts_matched.title,
        contacts_matched.npi,
        contacts_matched.email,
        contacts_matched.phone,
        contacts_matched.mailing_city,
        contacts_matched.mailing_state,
        contacts_matched.created_at,
        contacts_matched.line_number,
        -- the structural reason first; reasons about the contact as a whole go here
        case
            when contacts_matched.rejection_reason is not null then contacts_matched.rejection_reason
            when not contacts_matched.is_matched then 'unmatched_provider'
        end as rejection_reason,
        case
            when contacts_matched.rejection_reason is not null then contacts_matched.reason_detail
            when not contacts_matched.is_matched
                then
                    'best registry candidate''s match probability '
                    || coalesce(cast(round(contacts_matched.match_probability, 4) as {{ dbt.type_string() }}), 'none')
                    || ' is below {{ var("provider_match_threshold") }}'
        end as reason_detail,
        coalesce(contacts_matched.raw_values, contact_lines.line_text) as raw_values,
        contacts_matched._run_id,
        contacts_matched._loaded_at
    from contacts_matched
    left join contact_lines
        on
            contacts_matched.rejection_reason is null
            and not contacts_matched.is_matched
            and contacts_matched.line_number = contact_lines.line_number
)

select * from contact_reasons
