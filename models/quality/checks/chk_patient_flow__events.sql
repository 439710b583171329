{{ config(
    materialized='incremental',
    incremental_strategy=replace_by_key_strategy(),
    unique_key=['source_file', 'line_number'],
) }}

{#
  Silver checks of the event stream. Ages and clock errors are corrected
  downstream, not rejected.

  Incremental: a run checks again every line of each encounter that a new
  capture file touches (the discharge rule compares with the encounter's
  arrival), every line sharing an event_id with those (duplicate deliveries),
  and the new lines themselves; the windows of checked_rows then see every
  copy of every event they judge, so the result equals a full rebuild.
#}

{% set new_lines -%}
    select event_id, encounter_id from {{ ref('stg_patient_flow__events') }}
    where source_file not in (select distinct source_file from {{ this }})
{%- endset %}

{% set changed_encounters -%}
    select encounter_id from ({{ new_lines }}) as new_lines
    union
    select encounter_id from {{ ref('stg_patient_flow__events') }}
    where event_id in (select event_id from ({{ new_lines }}) as new_lines)
{%- endset %}

{% set lines_to_check -%}
    source_file not in (select distinct source_file from {{ this }})
    or encounter_id in ({{ changed_encounters }})
    or event_id in (
        select event_id from {{ ref('stg_patient_flow__events') }}
        where encounter_id in ({{ changed_encounters }})
    )
{%- endset %}

{{ checked_rows(
    staged_model='stg_patient_flow__events',
    id_column='event_id',
    columns=['event_id', 'encounter_id', 'event_type', 'reported_event_time', 'enqueued_at', 'sequence_number',
             'patient_id', 'department', 'service_line', 'referring_provider_id', 'reported_age', 'acuity',
             'disposition', 'total_cost', 'satisfaction', 'source_file', 'line_number', 'landed_at'],
    fingerprint=['event_id', 'encounter_id', 'event_type', 'reported_event_time', 'patient_id', 'department',
                 'service_line', 'referring_provider_id', 'reported_age', 'acuity', 'disposition', 'total_cost',
                 'satisfaction'],
    keep_first_by='enqueued_at, sequence_number, landed_at, source_file, line_number',
    raw_values_from={'model': 'base_patient_flow__capture_lines', 'keys': ['source_file', 'line_number'],
                     'column': 'payload'},
    scope=lines_to_check if is_incremental() else none,
    parse_checks=[
        ['not is_utf8', 'invalid_encoding',
         "'line is not UTF-8 text (its bytes that are not are shown as " ~ not_text_bytes_shown_as() ~ ")'"],
        ['not is_valid_json', 'invalid_json', "'line is not valid JSON'"],
        ['unparseable_columns is not null', 'unparseable_value',
         "'not a value of its type: ' || unparseable_columns"],
    ],
    required=['event_id', 'encounter_id', 'event_type', 'reported_event_time', 'enqueued_at', 'patient_id',
              'department'],
    row_checks=[
        ['acuity is not null and (acuity < 1 or acuity > 5)', 'out_of_range',
         "'acuity ' || " ~ as_text('acuity') ~ " || ' is not between 1 and 5'"],
        ['satisfaction < 1 or satisfaction > 5', 'out_of_range',
         "'satisfaction ' || " ~ as_text('satisfaction') ~ " || ' is not between 1 and 5'"],
        ['total_cost < 0', 'out_of_range', "'total_cost ' || " ~ as_text('total_cost') ~ " || ' is negative'"],
    ],
    categories=[
        {'column': 'event_type', 'seed': 'patient_flow__event_types'},
        {'column': 'department', 'seed': 'patient_flow__departments'},
        {'column': 'acuity', 'seed': 'patient_flow__acuity_levels'},
        {'column': 'disposition', 'seed': 'patient_flow__dispositions'},
    ],
    parents=[
        {'column': 'patient_id', 'model': 'chk_registry__patients', 'parent_id': 'patient_id', 'file': 'patients.csv'},
        {'column': 'referring_provider_id', 'model': 'chk_registry__providers', 'parent_id': 'provider_id',
         'file': 'providers.csv'},
    ],
    lookups=[
        {'column': 'encounter_id', 'model': 'int_encounter_arrivals_found', 'key': 'encounter_id',
         'carry': {'arrival_at': 'arrival_at'}},
    ],
    later_checks=[
        ["event_type = 'discharged' and reported_event_time < arrival_at", 'discharge_before_arrival',
         "'discharged at ' || " ~ as_text('reported_event_time') ~ " || ', before the arrival at ' || " ~ as_text('arrival_at')],
    ],
) }}
