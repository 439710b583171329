{#
  Every raw source the warehouse reads, with the models of its clean and
  quarantine paths. The quality models loop over this list; the on-run-start
  check fails the build when a raw source is missing from it, so a new file
  cannot skip reconciliation.

  raw_source is the name reconciliation reports (the CSV's file name, or the
  landing folder of a stream). A stream's check model knows the exact capture
  file and line of each row: line_column names that column.
#}
{% macro raw_files() %}
    {% set csv_files = [
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
    ] %}
    {% for file in csv_files %}
        {% do file.update({'format': 'csv', 'raw_source': file.table ~ '.csv'}) %}
    {% endfor %}
    {% set streams = [
        {'source': 'patient_flow', 'table': 'captures', 'id_column': 'event_id', 'format': 'ndjson',
         'raw_source': 'patient_flow', 'line_column': 'line_number',
         'staged_model': 'stg_patient_flow__events', 'check_model': 'chk_patient_flow__events', 'clean_model': 'int_flow_events_validated'},
    ] %}
    {{ return(csv_files + streams) }}
{% endmacro %}
