{{ csv_records('crm', 'crm_accounts') }}
