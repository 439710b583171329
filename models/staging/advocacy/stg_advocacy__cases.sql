with

case_lines as (
    select * from {{ ref('base_advocacy__cases') }}
),

renamed as (
    select
        -- ids
        line_number,
        {{ cleaned_text('case_id') }} as case_id,
        {{ cleaned_text('patient_id') }} as patient_id,
        {{ cleaned_text('advocate_id') }} as advocate_id,

        -- categories
        {{ category_code('case_type') }} as case_type,
        {{ category_code('priority') }} as priority,
        {{ category_code('status') }} as status,

        -- timestamps in UTC, and their text as exported
        {{ parsed_timestamp_utc('created_at') }} as created_at,
        nullif(trim(created_at), '') as created_at_text,

        -- nested intake metadata, parsed only when it is valid JSON
        metadata_json,
        {{ json_is_valid('metadata_json') }} as is_metadata_valid_json,
        case when {{ json_is_valid('metadata_json') }} then metadata_json end as valid_metadata,

        -- why the line is not a record, when it is not
        line_problem,
        line_problem_detail

    from case_lines
),

metadata_parsed as (
    select
        line_number,
        case_id,
        patient_id,
        advocate_id,
        case_type,
        priority,
        status,
        created_at,
        metadata_json,
        is_metadata_valid_json,
        line_problem,
        line_problem_detail,
        {{ unparseable_columns({'created_at': 'created_at_text'}) }} as unparseable_columns,

        {{ category_code(json_text('valid_metadata', 'intake_source')) }} as intake_source,
        {{ category_code(json_text('valid_metadata', 'complexity')) }} as complexity,
        {{ json_integer('valid_metadata', 'handoff_count') }} as handoff_count,
        {{ json_boolean('valid_metadata', 'missing_docs') }} as has_missing_docs,
        {{ json_string_array_joined('valid_metadata', 'barriers') }} as barriers,
        {{ json_array_length_at('valid_metadata', 'barriers') }} as barrier_count,
        {{ json_string_array_joined('valid_metadata', 'submitted_documents') }} as submitted_documents,
        {{ json_array_length_at('valid_metadata', 'submitted_documents') }} as submitted_document_count,
        {{ json_boolean('valid_metadata', 'support_flags.interpreter_needed') }} as needs_interpreter,
        {{ json_boolean('valid_metadata', 'support_flags.caregiver_involved') }} as has_caregiver_involved,
        {{ json_boolean('valid_metadata', 'support_flags.vulnerable_population') }} as is_vulnerable_population

    from renamed
)

select * from metadata_parsed
