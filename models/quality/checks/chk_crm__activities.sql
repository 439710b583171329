{#-
  An activity (a Salesforce Task or Event) is a call, visit or email to a contact (WhoId, required); WhatId,
  the account it is about, may be empty. ActivityDate may lie ahead (a planned visit): only CreatedDate is
  checked against the build time. Status is Salesforce's free-text picklist, loaded as exported.
-#}
{{ checked_rows(
    staged_model='stg_crm__activities',
    csv_base_model='base_crm__activities',
    id_column='activity_id',
    columns=['activity_id', 'contact_id', 'account_id', 'activity_type', 'subject', 'activity_date', 'status',
             'created_at'],
    required=['activity_id', 'contact_id', 'activity_type', 'activity_date', 'created_at'],
    categories=[
        {'column': 'activity_type', 'seed': 'crm__activity_types'},
    ],
    parents=[
        {'column': 'contact_id', 'model': 'chk_crm__contacts', 'parent_id': 'contact_id', 'file': 'crm_contacts.csv'},
        {'column': 'account_id', 'model': 'chk_crm__accounts', 'parent_id': 'account_id', 'file': 'crm_accounts.csv'},
    ],
    timestamps=['created_at'],
) }}
