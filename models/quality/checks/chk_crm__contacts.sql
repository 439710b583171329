{#-
  Contacts are the providers as the CRM knows them. Names, NPI__c, phone and address are loaded as typed
  (a missing or mistyped NPI, another spelling or a moved practice is the identity mess that matching
  resolves, not bad input); Salesforce requires LastName. AccountId may be empty (Salesforce allows a
  contact without an account), but an account given must be a clean one.

  Two steps: contacts_checked holds the file's structural checks (macros/checked_rows.sql); contact_reasons
  is where reasons about the contact as a whole go, each taken only for a row the structural checks passed.
  unmatched_provider (identity resolution, int_crm_contact_provider_matched) is such a reason: join the
  crosswalk in its own CTE and add it to contact_reasons' case. The matcher must then read contacts that are
  upstream of this model (its structural checks), or the scoring phase's dbt stages form a cycle.
  A quarantined contact quarantines its activities and opportunities too (parent_quarantined).
-#}
with

contacts_checked as (
    {{ checked_rows(
        staged_model='stg_crm__contacts',
        csv_base_model='base_crm__contacts',
        id_column='contact_id',
        columns=['contact_id', 'account_id', 'salutation', 'first_name', 'last_name', 'title', 'npi', 'email',
                 'phone', 'mailing_city', 'mailing_state', 'created_at'],
        required=['contact_id', 'last_name', 'created_at'],
        parents=[
            {'column': 'account_id', 'model': 'chk_crm__accounts', 'parent_id': 'account_id',
             'file': 'crm_accounts.csv'},
        ],
        timestamps=['created_at'],
    ) | indent(4) }}
),

contact_reasons as (
    select
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
        line_number,
        -- the structural reason first; reasons about the contact as a whole (unmatched_provider) go here
        rejection_reason,
        reason_detail,
        raw_values,
        _run_id,
        _loaded_at
    from contacts_checked
)

select * from contact_reasons
