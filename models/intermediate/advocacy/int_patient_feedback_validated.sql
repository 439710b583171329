{{ clean_rows('chk_advocacy__patient_feedback') }}
