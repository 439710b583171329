{{ csv_records('registry', 'providers') }}
