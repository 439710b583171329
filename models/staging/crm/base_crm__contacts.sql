{{ csv_records('crm', 'crm_contacts') }}
