{{ checked_rows(
    staged_model='stg_advocacy__advocates',
    csv_base_model='base_advocacy__advocates',
    id_column='advocate_id',
    columns=['advocate_id', 'advocate_name', 'team', 'capacity', 'hired_at'],
    required=['advocate_id', 'capacity'],
    categories=[{'column': 'team', 'seed': 'advocacy__teams'}],
    later_checks=[
        ['capacity < 1', 'out_of_range', "'capacity ' || " ~ as_text('capacity') ~ " || ' is below 1'"],
    ],
) }}
