{{ checked_rows(
    staged_model='stg_advocacy__cases',
    csv_base_model='base_advocacy__cases',
    id_column='case_id',
    columns=['case_id', 'patient_id', 'advocate_id', 'case_type', 'priority', 'status', 'created_at',
             'metadata_json', 'intake_source', 'complexity', 'handoff_count', 'has_missing_docs',
             'barriers', 'barrier_count', 'submitted_documents', 'submitted_document_count',
             'needs_interpreter', 'has_caregiver_involved', 'is_vulnerable_population'],
    required=['case_id', 'patient_id', 'advocate_id', 'case_type', 'priority', 'status', 'created_at'],
    row_checks=[
        ['not is_metadata_valid_json', 'invalid_json', "'metadata_json is not valid JSON'"],
        ['handoff_count is null or complexity is null or has_missing_docs is null', 'invalid_json',
         "'metadata_json lacks a whole-number handoff_count, a complexity or a true/false missing_docs'"],
        ['handoff_count < 0', 'out_of_range', "'handoff_count ' || " ~ as_text('handoff_count') ~ " || ' is negative'"],
    ],
    categories=[
        {'column': 'case_type', 'seed': 'advocacy__case_types'},
        {'column': 'priority', 'seed': 'advocacy__priorities'},
        {'column': 'status', 'seed': 'advocacy__case_statuses'},
        {'column': 'complexity', 'seed': 'advocacy__complexity_levels'},
        {'column': 'intake_source', 'seed': 'advocacy__intake_sources'},
    ],
    parents=[
        {'column': 'patient_id', 'model': 'chk_registry__patients', 'parent_id': 'patient_id', 'file': 'patients.csv'},
        {'column': 'advocate_id', 'model': 'chk_advocacy__advocates', 'parent_id': 'advocate_id', 'file': 'advocates.csv'},
    ],
    timestamps=['created_at'],
) }}
