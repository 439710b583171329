{{ config(materialized='incremental', incremental_strategy='append') }}

{#
  Every bronze line once, parsed into typed columns (all null when the line is
  not JSON). Incremental by file, like bronze: a run parses only the lines of
  capture files it has not parsed before.
#}

{%- set paths = [
    'body.event_id', 'body.encounter_id', 'body.patient_id', 'body.referring_provider_id', 'body.event_type',
    'body.department', 'body.service_line', 'body.disposition', 'body.acuity', 'body.age', 'body.total_cost',
    'body.satisfaction', 'sequence_number', 'body.event_time', 'enqueued_at',
] -%}

with

capture_lines as (
    select * from {{ ref('base_patient_flow__capture_lines') }}
    {% if is_incremental() -%}
    where source_file not in (select distinct source_file from {{ this }})
    {%- endif %}
),

parsed as (
    select
        source_file,
        line_number,
        landed_at,
        is_utf8,
        {{ json_is_valid('payload') }} as is_valid_json,
        case when {{ json_is_valid('payload') }} then {{ json_texts('payload', paths) }} end as texts
    from capture_lines
),

texts as (
    select
        {%- for path in paths %}
            {{ json_texts_item('texts', paths, path) }} as {{ path.split('.')[-1] }}_text,
        {%- endfor %}
        source_file,
        line_number,
        landed_at,
        is_utf8,
        is_valid_json
    from parsed
),

renamed as (
    select
        -- ids
        {{ cleaned_text('event_id_text') }} as event_id,
        {{ cleaned_text('encounter_id_text') }} as encounter_id,
        {{ cleaned_text('patient_id_text') }} as patient_id,
        {{ cleaned_text('referring_provider_id_text') }} as referring_provider_id,

        -- categories
        {{ category_code('event_type_text') }} as event_type,
        {{ category_code('department_text') }} as department,
        {{ category_code('service_line_text') }} as service_line,
        {{ category_code('disposition_text') }} as disposition,
        {{ parsed_integer('acuity_text') }} as acuity,

        -- numerics
        {{ parsed_integer('age_text') }} as reported_age,
        {{ parsed_double('total_cost_text') }} as total_cost,
        {{ parsed_integer('satisfaction_text') }} as satisfaction,
        {{ parsed_integer('sequence_number_text') }} as sequence_number,

        -- timestamps, in UTC
        {{ parsed_timestamp_utc('event_time_text') }} as reported_event_time,
        {{ parsed_timestamp_utc('enqueued_at_text') }} as enqueued_at,

        -- lineage
        source_file,
        line_number,
        landed_at,
        is_utf8,
        is_valid_json,
        acuity_text,
        age_text,
        total_cost_text,
        satisfaction_text,
        sequence_number_text,
        event_time_text,
        enqueued_at_text
    from texts
),

checked_parse as (
    select
        event_id,
        encounter_id,
        patient_id,
        referring_provider_id,
        event_type,
        department,
        service_line,
        disposition,
        acuity,
        reported_age,
        total_cost,
        satisfaction,
        sequence_number,
        reported_event_time,
        enqueued_at,
        source_file,
        line_number,
        landed_at,
        is_utf8,
        is_valid_json,
        {{ unparseable_columns({
            'acuity': 'acuity_text', 'reported_age': 'age_text', 'total_cost': 'total_cost_text',
            'satisfaction': 'satisfaction_text', 'sequence_number': 'sequence_number_text',
            'reported_event_time': 'event_time_text', 'enqueued_at': 'enqueued_at_text',
        }) }} as unparseable_columns
    from renamed
)

select
    *,
    {{ audit_columns() }}
from checked_parse
