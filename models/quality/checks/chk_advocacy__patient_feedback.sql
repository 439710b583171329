{{ checked_rows(
    staged_model='stg_advocacy__patient_feedback',
    csv_base_model='base_advocacy__patient_feedback',
    id_column='feedback_id',
    columns=['feedback_id', 'case_id', 'csat', 'submitted_at', 'comment'],
    required=['feedback_id', 'case_id', 'csat', 'submitted_at'],
    row_checks=[
        ['csat < 1 or csat > 5', 'out_of_range', "'csat ' || " ~ as_text('csat') ~ " || ' is not between 1 and 5'"],
    ],
    parents=[
        {'column': 'case_id', 'model': 'chk_advocacy__cases', 'parent_id': 'case_id', 'file': 'cases.csv',
         'carry': {'case_created_at': 'created_at'}},
    ],
    later_checks=[
        ['submitted_at < case_created_at', 'before_case_created',
         "'submitted_at ' || " ~ as_text('submitted_at') ~ " || ' is before the case was created at ' || " ~ as_text('case_created_at')],
    ],
    timestamps=['submitted_at'],
) }}
