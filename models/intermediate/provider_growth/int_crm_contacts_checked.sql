{#-
  The CRM contacts with the file's structural checks (macros/checked_rows.sql) and nothing more: one row per line,
  rejection_reason null when it passed. The provider matching reads the contacts that passed
  (int_provider_match_records), so a line quarantined for its form never moves the matcher's estimates or
  another contact's match; chk_crm__contacts adds the reasons about the contact as a whole after the scoring.
-#}
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
) }}
