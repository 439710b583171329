{#
  Bronze: one row per non-blank line of every capture file, exactly as it
  arrived, with the file it came in, its line number and when the file landed.
  Nothing here parses or changes a payload.
#}

with

captures as (
    select * from {{ source('patient_flow', 'captures') }}
),

capture_lines as (
    select
        filename,
        last_modified,
        string_split(content, chr(10)) as line_texts
    from captures
),

lines_numbered as (
    select
        filename,
        last_modified,
        unnest(line_texts) as raw_line,
        generate_subscripts(line_texts, 1) as line_number
    from capture_lines
),

renamed as (
    select
        -- ids
        regexp_replace(filename, '^.*[/\\]', '') as source_file,
        cast(line_number as bigint) as line_number,

        -- the payload as it arrived (a Windows line ending is not part of it)
        rtrim(raw_line, chr(13)) as payload,

        -- timestamps
        cast(last_modified as {{ dbt.type_timestamp() }}) as landed_at

    from lines_numbered
    where trim(raw_line) <> ''
)

select * from renamed
