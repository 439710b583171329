{#-
  An appointment's slot may lie ahead (status scheduled): only booked_at is checked against the
  build time, and scheduled_at when the status says the appointment has taken place (or was missed).
  rescheduled_from names another row of this file: it must be a readable row of it (its own
  quarantine cannot be read from here).
  provider_id, device and reason may be empty: a real scheduling export need not know them (the
  Medical Appointment No Shows file has none of the three; README, "A real export"). An empty one loads
  and the marts point it at the dimension's unknown member; a value given must still be known. What a
  no-show rate and its model cannot do without stays required: who, when booked, which slot, the
  outcome and whether a reminder went out.
-#}
{{ checked_rows(
    staged_model='stg_telehealth__appointments',
    csv_base_model='base_telehealth__appointments',
    id_column='appointment_id',
    columns=['appointment_id', 'patient_id', 'provider_id', 'booked_at', 'scheduled_at', 'status', 'device',
             'wait_minutes', 'duration_minutes', 'technical_issue', 'connection_quality', 'reason',
             'reminder_sent', 'rescheduled_from'],
    required=['appointment_id', 'patient_id', 'booked_at', 'scheduled_at', 'status', 'reminder_sent'],
    row_checks=[
        ['connection_quality < 1 or connection_quality > 5', 'out_of_range',
         "'connection_quality ' || " ~ as_text('connection_quality') ~ " || ' is not between 1 and 5'"],
        ['wait_minutes < 0', 'out_of_range', "'wait_minutes ' || " ~ as_text('wait_minutes') ~ " || ' is negative'"],
        ['duration_minutes < 0', 'out_of_range',
         "'duration_minutes ' || " ~ as_text('duration_minutes') ~ " || ' is negative'"],
        ['scheduled_at < booked_at', 'scheduled_before_booked',
         "'scheduled_at ' || " ~ as_text('scheduled_at') ~ " || ' is before booked_at ' || " ~ as_text('booked_at')],
    ],
    categories=[
        {'column': 'status', 'seed': 'telehealth__appointment_statuses'},
        {'column': 'device', 'seed': 'telehealth__devices'},
        {'column': 'reason', 'seed': 'telehealth__visit_reasons'},
    ],
    parents=[
        {'column': 'patient_id', 'model': 'chk_registry__patients', 'parent_id': 'patient_id', 'file': 'patients.csv'},
        {'column': 'provider_id', 'model': 'chk_registry__providers', 'parent_id': 'provider_id', 'file': 'providers.csv'},
        {'column': 'rescheduled_from', 'model': 'stg_telehealth__appointments', 'parent_id': 'appointment_id',
         'file': 'appointments.csv', 'readable_only': true},
    ],
    later_checks=[
        ["status <> 'scheduled' and scheduled_at > " ~ dbt.current_timestamp(), 'future_timestamp',
         "'scheduled_at ' || " ~ as_text('scheduled_at') ~ " || ' is later than the build time, yet its status is ' || status"],
    ],
    timestamps=['booked_at'],
) }}
