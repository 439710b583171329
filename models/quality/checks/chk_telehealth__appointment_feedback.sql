{{ checked_rows(
    staged_model='stg_telehealth__appointment_feedback',
    csv_base_model='base_telehealth__appointment_feedback',
    id_column='feedback_id',
    columns=['feedback_id', 'appointment_id', 'submitted_at', 'overall_rating', 'provider_rating',
             'connection_rating', 'comment'],
    required=['feedback_id', 'appointment_id', 'submitted_at', 'overall_rating'],
    row_checks=[
        ['overall_rating < 1 or overall_rating > 5', 'out_of_range',
         "'overall_rating ' || " ~ as_text('overall_rating') ~ " || ' is not between 1 and 5'"],
        ['provider_rating < 1 or provider_rating > 5', 'out_of_range',
         "'provider_rating ' || " ~ as_text('provider_rating') ~ " || ' is not between 1 and 5'"],
        ['connection_rating < 1 or connection_rating > 5', 'out_of_range',
         "'connection_rating ' || " ~ as_text('connection_rating') ~ " || ' is not between 1 and 5'"],
    ],
    parents=[
        {'column': 'appointment_id', 'model': 'chk_telehealth__appointments', 'parent_id': 'appointment_id',
         'file': 'appointments.csv',
         'carry': {'appointment_scheduled_at': 'scheduled_at', 'appointment_status': 'status'}},
    ],
    later_checks=[
        ['submitted_at < appointment_scheduled_at', 'before_appointment',
         "'submitted_at ' || " ~ as_text('submitted_at') ~ " || ' is before the appointment''s slot at ' || "
         ~ as_text('appointment_scheduled_at')],
        ["appointment_status <> 'completed'", 'feedback_without_visit',
         "'appointment ' || appointment_id || ' has status ' || appointment_status || ', not completed'"],
    ],
    timestamps=['submitted_at'],
) }}
