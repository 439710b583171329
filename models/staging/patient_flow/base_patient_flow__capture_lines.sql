{{ config(materialized='incremental', incremental_strategy='append') }}

{#
  Bronze: one row per non-blank line of every capture file, exactly as it
  arrived, with the file it came in, its line number and when the file landed.
  Nothing here parses or changes a payload. Incremental by file: a run reads
  only the capture files landed since the last one (macros/landing.sql).
#}

with

captures as (
    {{ landed_captures('patient_flow', 'captures') }}
),

capture_lines as (
    select
        {{ file_name_of('filename') }} as source_file,
        last_modified,
        string_split(content, chr(10)) as line_texts
    from captures
),

lines_numbered as (
    select
        source_file,
        last_modified,
        unnest(line_texts) as raw_line,
        generate_subscripts(line_texts, 1) as line_number
    from capture_lines
),

-- A line is copied only when it must change (a CR to drop) or to test for blankness: on a capture
-- folder of hundreds of megabytes, trimming every line would take most of the model's time.
renamed as (
    select
        -- ids
        source_file,
        cast(line_number as bigint) as line_number,

        -- the payload as it arrived (a Windows line ending is not part of it)
        case when suffix(raw_line, chr(13)) then rtrim(raw_line, chr(13)) else raw_line end as payload,

        -- timestamps: the file's modification time, in UTC whatever the machine's zone
        timezone('UTC', last_modified) as landed_at

    from lines_numbered
    where raw_line <> '' and (left(raw_line, 1) <> ' ' or trim(raw_line) <> '')
)

select
    *,
    {{ audit_columns() }}
from renamed
