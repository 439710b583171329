{{ csv_records('advocacy', 'advocates') }}
