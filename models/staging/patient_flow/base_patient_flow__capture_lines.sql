{{ config(materialized='incremental', incremental_strategy='append') }}

{#
  Bronze: one row per non-blank line of every capture file, exactly as it
  arrived (macros/raw_lines.sql), with the file it came in, its line number and when the file landed.
  Nothing here parses or changes a payload. Incremental by file: a run reads
  only the capture files landed since the last one (macros/landing.sql).
#}

with

captures as (
    {{ landed_captures('patient_flow', 'captures') }}
),

capture_lines as (
    {{ raw_lines('captures') }}
),

renamed as (
    select
        -- ids
        source_file,
        line_number,

        -- the payload as it arrived (a line that is not UTF-8 shows its bytes as \xNN)
        line_text as payload,
        is_text as is_utf8,

        -- timestamps: the file's modification time, in UTC whatever the machine's zone
        {{ utc_timestamp('last_modified') }} as landed_at

    from capture_lines
)

select
    *,
    {{ audit_columns() }}
from renamed
