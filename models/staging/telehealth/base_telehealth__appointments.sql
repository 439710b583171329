{{ csv_records('telehealth', 'appointments') }}
