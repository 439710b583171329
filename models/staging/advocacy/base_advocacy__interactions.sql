{{ csv_records('advocacy', 'interactions') }}
