{{ checked_rows(
    staged_model='stg_advocacy__case_events',
    csv_base_model='base_advocacy__case_events',
    id_column='event_id',
    columns=['event_id', 'case_id', 'event_type', 'event_at', 'advocate_id'],
    required=['event_id', 'case_id', 'event_type', 'event_at'],
    categories=[{'column': 'event_type', 'seed': 'advocacy__event_types'}],
    parents=[
        {'column': 'case_id', 'model': 'chk_advocacy__cases', 'parent_id': 'case_id', 'file': 'cases.csv',
         'carry': {'case_created_at': 'created_at'}},
        {'column': 'advocate_id', 'model': 'chk_advocacy__advocates', 'parent_id': 'advocate_id', 'file': 'advocates.csv'},
    ],
    later_checks=[
        ['event_at < case_created_at', 'before_case_created',
         "'event_at ' || " ~ as_text('event_at') ~ " || ' is before the case was created at ' || " ~ as_text('case_created_at')],
    ],
    timestamps=['event_at'],
) }}
