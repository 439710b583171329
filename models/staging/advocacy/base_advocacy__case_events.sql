{{ csv_records('advocacy', 'case_events') }}
