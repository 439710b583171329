{#
  Every raw CSV the warehouse reads, with the models of its clean and
  quarantine paths. The quality models loop over this list; the header check
  fails the build when a CSV source is missing from it, so a new file cannot
  skip reconciliation.
#}
{% macro raw_files() %}
    {{ return([
        {'source': 'registry', 'table': 'patients', 'id_column': 'patient_id',
         'staged_model': 'stg_registry__patients', 'check_model': 'chk_registry__patients', 'clean_model': 'int_patients_validated'},
        {'source': 'registry', 'table': 'providers', 'id_column': 'provider_id',
         'staged_model': 'stg_registry__providers', 'check_model': 'chk_registry__providers', 'clean_model': 'int_providers_validated'},
        {'source': 'advocacy', 'table': 'advocates', 'id_column': 'advocate_id',
         'staged_model': 'stg_advocacy__advocates', 'check_model': 'chk_advocacy__advocates', 'clean_model': 'int_advocates_validated'},
        {'source': 'advocacy', 'table': 'cases', 'id_column': 'case_id',
         'staged_model': 'stg_advocacy__cases', 'check_model': 'chk_advocacy__cases', 'clean_model': 'int_cases_validated'},
        {'source': 'advocacy', 'table': 'case_events', 'id_column': 'event_id',
         'staged_model': 'stg_advocacy__case_events', 'check_model': 'chk_advocacy__case_events', 'clean_model': 'int_case_events_validated'},
        {'source': 'advocacy', 'table': 'interactions', 'id_column': 'interaction_id',
         'staged_model': 'stg_advocacy__interactions', 'check_model': 'chk_advocacy__interactions', 'clean_model': 'int_interactions_validated'},
        {'source': 'advocacy', 'table': 'patient_feedback', 'id_column': 'feedback_id',
         'staged_model': 'stg_advocacy__patient_feedback', 'check_model': 'chk_advocacy__patient_feedback', 'clean_model': 'int_patient_feedback_validated'},
    ]) }}
{% endmacro %}
