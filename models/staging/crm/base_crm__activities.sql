{{ csv_records('crm', 'crm_activities') }}
