{{ csv_records('advocacy', 'patient_feedback') }}
