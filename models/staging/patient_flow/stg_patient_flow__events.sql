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
{%- set timestamp_type = api.Column.translate_type('timestamp') -%}
{%- set integer_type = api.Column.translate_type('integer') -%}

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
        {{ json_is_valid('payload') }} as is_valid_json,
        case when {{ json_is_valid('payload') }} then {{ json_texts('payload', paths) }} end as texts
    from capture_lines
),

renamed as (
    select
        -- ids
        {{ json_texts_item('texts', paths, 'body.event_id') }} as event_id,
        {{ json_texts_item('texts', paths, 'body.encounter_id') }} as encounter_id,
        {{ json_texts_item('texts', paths, 'body.patient_id') }} as patient_id,
        {{ json_texts_item('texts', paths, 'body.referring_provider_id') }} as referring_provider_id,

        -- categories
        {{ category_code(json_texts_item('texts', paths, 'body.event_type')) }} as event_type,
        {{ category_code(json_texts_item('texts', paths, 'body.department')) }} as department,
        {{ category_code(json_texts_item('texts', paths, 'body.service_line')) }} as service_line,
        {{ category_code(json_texts_item('texts', paths, 'body.disposition')) }} as disposition,
        {{ dbt.safe_cast(json_texts_item('texts', paths, 'body.acuity'), integer_type) }} as acuity,

        -- numerics
        {{ dbt.safe_cast(json_texts_item('texts', paths, 'body.age'), integer_type) }} as reported_age,
        {{ dbt.safe_cast(json_texts_item('texts', paths, 'body.total_cost'), 'double') }} as total_cost,
        {{ dbt.safe_cast(json_texts_item('texts', paths, 'body.satisfaction'), integer_type) }} as satisfaction,
        {{ dbt.safe_cast(json_texts_item('texts', paths, 'sequence_number'), integer_type) }} as sequence_number,

        -- timestamps
        {{ dbt.safe_cast(json_texts_item('texts', paths, 'body.event_time'), timestamp_type) }} as reported_event_time,
        {{ dbt.safe_cast(json_texts_item('texts', paths, 'enqueued_at'), timestamp_type) }} as enqueued_at,

        -- lineage
        source_file,
        line_number,
        landed_at,
        is_valid_json

    from parsed
)

select
    *,
    {{ audit_columns() }}
from renamed
