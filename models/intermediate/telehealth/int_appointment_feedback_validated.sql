{{ clean_rows('chk_telehealth__appointment_feedback') }}
