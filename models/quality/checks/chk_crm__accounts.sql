{#-
  Accounts are the referring practices. Salesforce requires a Name; Type (Salesforce's Account.Type
  picklist, edited per org) and the billing address are free text, loaded as exported.
-#}
{{ checked_rows(
    staged_model='stg_crm__accounts',
    csv_base_model='base_crm__accounts',
    id_column='account_id',
    columns=['account_id', 'account_name', 'account_type', 'billing_street', 'billing_city', 'billing_state',
             'billing_postal_code', 'phone', 'created_at'],
    required=['account_id', 'account_name', 'created_at'],
    timestamps=['created_at'],
) }}
