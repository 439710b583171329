{{ csv_records('advocacy', 'cases') }}
