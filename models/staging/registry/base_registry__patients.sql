{{ csv_records('registry', 'patients') }}
