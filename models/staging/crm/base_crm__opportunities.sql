{{ csv_records('crm', 'crm_opportunities') }}
