{{ csv_records('telehealth', 'appointment_feedback') }}
