with

capture_lines as (
    select * from {{ ref('base_patient_flow__capture_lines') }}
),

parsed as (
    select
        source_file,
        line_number,
        landed_at,
        payload,
        {{ json_is_valid('payload') }} as is_valid_json,
        case when {{ json_is_valid('payload') }} then payload end as valid_payload
    from capture_lines
),

renamed as (
    select
        -- ids
        {{ json_text('valid_payload', 'body.event_id') }} as event_id,
        {{ json_text('valid_payload', 'body.encounter_id') }} as encounter_id,
        {{ json_text('valid_payload', 'body.patient_id') }} as patient_id,
        {{ json_text('valid_payload', 'body.referring_provider_id') }} as referring_provider_id,

        -- categories
        {{ category_code(json_text('valid_payload', 'body.event_type')) }} as event_type,
        {{ category_code(json_text('valid_payload', 'body.department')) }} as department,
        {{ category_code(json_text('valid_payload', 'body.service_line')) }} as service_line,
        {{ category_code(json_text('valid_payload', 'body.disposition')) }} as disposition,
        {{ json_integer('valid_payload', 'body.acuity') }} as acuity,

        -- numerics
        {{ json_integer('valid_payload', 'body.age') }} as reported_age,
        {{ dbt.safe_cast(json_text('valid_payload', 'body.total_cost'), 'double') }} as total_cost,
        {{ json_integer('valid_payload', 'body.satisfaction') }} as satisfaction,
        {{ json_integer('valid_payload', 'sequence_number') }} as sequence_number,

        -- timestamps
        {{ dbt.safe_cast(json_text('valid_payload', 'body.event_time'), api.Column.translate_type('timestamp')) }} as reported_event_time,
        {{ dbt.safe_cast(json_text('valid_payload', 'enqueued_at'), api.Column.translate_type('timestamp')) }} as enqueued_at,

        -- lineage
        source_file,
        line_number,
        landed_at,
        is_valid_json,
        payload

    from parsed
)

select * from renamed
