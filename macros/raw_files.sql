{#
  Every raw source the warehouse reads, by domain, with the models of its
  clean and quarantine paths. The quality models loop over this list; the
  on-run-start check fails the build when a raw source is missing from it, so
  a new file cannot skip reconciliation.

  Domains. The registry is the shared core every other domain points to, so
  its files are always required. Every other domain is optional: when none of
  its raw files is in RAW_DIR it is skipped and its models are built empty
  (macros/raw_domains.sql); when only some are, the build stops naming the
  missing ones. A new domain is one more entry here, its files listed like
  these (and its base models reading them through domain_source()).

  columns are a CSV's contract: its header, in order (the on-run-start check
  stops the build when a header differs; the base_ model names the fields).

  raw_source is the name reconciliation reports (the CSV's file name, or the
  landing folder of a stream). Every check model knows the line of each row
  (macros/raw_lines.sql), in a stream's case with its capture file.

  identifier_columns are the file's direct identifiers of a patient (README,
  "Identifiers"): its staging and check models are built into the identifiers
  database, and the warehouse's quarantine withholds these values.
#}
{% macro raw_domains() %}
    {% set domains = [
        {'domain': 'registry', 'is_required': true, 'files': [
            {'source': 'registry', 'table': 'patients', 'format': 'csv',
             'columns': ['patient_id', 'first_name', 'last_name', 'birth_date', 'sex', 'street', 'city', 'state', 'zip', 'phone', 'insurance_type', 'registered_at'],
             'id_column': 'patient_id',
             'staged_model': 'stg_registry__patients', 'check_model': 'chk_registry__patients', 'clean_model': 'int_patients_validated',
             'identifier_columns': ['first_name', 'last_name', 'birth_date', 'street', 'phone']},
            {'source': 'registry', 'table': 'providers', 'format': 'csv',
             'columns': ['provider_id', 'name', 'npi', 'specialty', 'practice_name', 'city', 'state', 'active_since'],
             'id_column': 'provider_id',
             'staged_model': 'stg_registry__providers', 'check_model': 'chk_registry__providers', 'clean_model': 'int_providers_validated'},
        ]},
        {'domain': 'advocacy', 'files': [
            {'source': 'advocacy', 'table': 'advocates', 'format': 'csv',
             'columns': ['advocate_id', 'name', 'team', 'capacity', 'hired_at'],
             'id_column': 'advocate_id',
             'staged_model': 'stg_advocacy__advocates', 'check_model': 'chk_advocacy__advocates', 'clean_model': 'int_advocates_validated'},
            {'source': 'advocacy', 'table': 'cases', 'format': 'csv',
             'columns': ['case_id', 'patient_id', 'advocate_id', 'case_type', 'priority', 'status', 'created_at', 'metadata_json'],
             'id_column': 'case_id',
             'staged_model': 'stg_advocacy__cases', 'check_model': 'chk_advocacy__cases', 'clean_model': 'int_cases_validated'},
            {'source': 'advocacy', 'table': 'case_events', 'format': 'csv',
             'columns': ['event_id', 'case_id', 'event_type', 'event_at', 'advocate_id'],
             'id_column': 'event_id',
             'staged_model': 'stg_advocacy__case_events', 'check_model': 'chk_advocacy__case_events', 'clean_model': 'int_case_events_validated'},
            {'source': 'advocacy', 'table': 'interactions', 'format': 'csv',
             'columns': ['interaction_id', 'case_id', 'advocate_id', 'channel', 'direction', 'occurred_at', 'duration_minutes'],
             'id_column': 'interaction_id',
             'staged_model': 'stg_advocacy__interactions', 'check_model': 'chk_advocacy__interactions', 'clean_model': 'int_interactions_validated'},
            {'source': 'advocacy', 'table': 'patient_feedback', 'format': 'csv',
             'columns': ['feedback_id', 'case_id', 'csat', 'submitted_at', 'comment'],
             'id_column': 'feedback_id',
             'staged_model': 'stg_advocacy__patient_feedback', 'check_model': 'chk_advocacy__patient_feedback', 'clean_model': 'int_patient_feedback_validated'},
        ]},
        {'domain': 'telehealth', 'files': [
            {'source': 'telehealth', 'table': 'appointments', 'format': 'csv',
             'columns': ['appointment_id', 'patient_id', 'provider_id', 'booked_at', 'scheduled_at', 'status', 'device',
                         'wait_minutes', 'duration_minutes', 'technical_issue', 'connection_quality', 'reason',
                         'reminder_sent', 'rescheduled_from'],
             'id_column': 'appointment_id',
             'staged_model': 'stg_telehealth__appointments', 'check_model': 'chk_telehealth__appointments', 'clean_model': 'int_appointments_validated'},
            {'source': 'telehealth', 'table': 'appointment_feedback', 'format': 'csv',
             'columns': ['feedback_id', 'appointment_id', 'submitted_at', 'overall_rating', 'provider_rating',
                         'connection_rating', 'comment'],
             'id_column': 'feedback_id',
             'staged_model': 'stg_telehealth__appointment_feedback', 'check_model': 'chk_telehealth__appointment_feedback', 'clean_model': 'int_appointment_feedback_validated'},
        ]},
        {'domain': 'patient_flow', 'files': [
            {'source': 'patient_flow', 'table': 'captures', 'format': 'ndjson', 'id_column': 'event_id',
             'raw_source': 'patient_flow',
             'staged_model': 'stg_patient_flow__events', 'check_model': 'chk_patient_flow__events', 'clean_model': 'int_flow_events_validated'},
        ]},
        {'domain': 'provider_growth', 'files': [
            {'source': 'crm', 'table': 'crm_accounts', 'format': 'csv',
             'columns': ['Id', 'Name', 'Type', 'BillingStreet', 'BillingCity', 'BillingState', 'BillingPostalCode',
                         'Phone', 'CreatedDate'],
             'id_column': 'account_id',
             'staged_model': 'stg_crm__accounts', 'check_model': 'chk_crm__accounts', 'clean_model': 'int_crm_accounts_validated'},
            {'source': 'crm', 'table': 'crm_contacts', 'format': 'csv',
             'columns': ['Id', 'AccountId', 'Salutation', 'FirstName', 'LastName', 'Title', 'NPI__c', 'Email', 'Phone',
                         'MailingCity', 'MailingState', 'CreatedDate'],
             'id_column': 'contact_id',
             'staged_model': 'stg_crm__contacts', 'check_model': 'chk_crm__contacts', 'clean_model': 'int_crm_contacts_validated'},
            {'source': 'crm', 'table': 'crm_activities', 'format': 'csv',
             'columns': ['Id', 'WhoId', 'WhatId', 'Type', 'Subject', 'ActivityDate', 'Status', 'CreatedDate'],
             'id_column': 'activity_id',
             'staged_model': 'stg_crm__activities', 'check_model': 'chk_crm__activities', 'clean_model': 'int_crm_activities_validated'},
            {'source': 'crm', 'table': 'crm_opportunities', 'format': 'csv',
             'columns': ['Id', 'AccountId', 'ContactId', 'Name', 'StageName', 'Amount', 'Probability', 'ExpectedRevenue',
                         'CloseDate', 'IsClosed', 'IsWon', 'LeadSource', 'CreatedDate'],
             'id_column': 'opportunity_id',
             'staged_model': 'stg_crm__opportunities', 'check_model': 'chk_crm__opportunities', 'clean_model': 'int_crm_opportunities_validated'},
            {'source': 'inventory', 'table': 'inventory_usage', 'format': 'csv',
             'columns': ['usage_id', 'encounter_id', 'item_id', 'quantity', 'used_at'],
             'id_column': 'usage_id',
             'staged_model': 'stg_inventory__usage', 'check_model': 'chk_inventory__usage', 'clean_model': 'int_inventory_usages_validated'},
            {'source': 'referrals', 'table': 'referrals', 'format': 'csv',
             'columns': ['referral_id', 'patient_id', 'referring_provider_id', 'service_line', 'referred_at'],
             'id_column': 'referral_id',
             'staged_model': 'stg_referrals__referrals', 'check_model': 'chk_referrals__referrals', 'clean_model': 'int_referrals_validated'},
        ]},
    ] %}
    {% for domain in domains %}
        {% do domain.setdefault('is_required', false) %}
        {% for file in domain.files %}
            {% do file.update({'domain': domain.domain}) %}
            {% do file.setdefault('raw_source', file.table ~ '.' ~ file.format) %}
            {% do file.setdefault('identifier_columns', []) %}
        {% endfor %}
    {% endfor %}
    {{ return(domains) }}
{% endmacro %}

{# The raw files of every domain, in one list. #}
{% macro raw_files() %}
    {{ return(raw_files_of(raw_domains())) }}
{% endmacro %}

{% macro raw_files_of(domains) %}
    {% set files = [] %}
    {% for domain in domains %}{% do files.extend(domain.files) %}{% endfor %}
    {{ return(files) }}
{% endmacro %}
