{{ checked_rows(
    staged_model='stg_advocacy__interactions',
    csv_base_model='base_advocacy__interactions',
    id_column='interaction_id',
    columns=['interaction_id', 'case_id', 'advocate_id', 'channel', 'direction', 'occurred_at', 'duration_minutes'],
    required=['interaction_id', 'case_id', 'advocate_id', 'channel', 'direction', 'occurred_at'],
    row_checks=[
        ['duration_minutes < 0 or duration_minutes > 1440', 'out_of_range',
         "'duration_minutes ' || " ~ as_text('duration_minutes') ~ " || ' is not between 0 and 1440'"],
    ],
    categories=[
        {'column': 'channel', 'seed': 'advocacy__channels'},
        {'column': 'direction', 'seed': 'advocacy__directions'},
    ],
    parents=[
        {'column': 'case_id', 'model': 'chk_advocacy__cases', 'parent_id': 'case_id', 'file': 'cases.csv',
         'carry': {'case_created_at': 'created_at'}},
        {'column': 'advocate_id', 'model': 'chk_advocacy__advocates', 'parent_id': 'advocate_id', 'file': 'advocates.csv'},
    ],
    later_checks=[
        ['occurred_at < case_created_at', 'before_case_created',
         "'occurred_at ' || " ~ as_text('occurred_at') ~ " || ' is before the case was created at ' || " ~ as_text('case_created_at')],
    ],
    timestamps=['occurred_at'],
) }}
