{{ config(pre_hook="{{ scan_raw_csv_rejects() }}") }}

{%- for file in raw_files() %}
-- depends_on: {{ source(file.source, file.table) }}
{%- endfor %}

{#
  DuckDB-only by nature: it reads the reject tables of DuckDB's CSV reader,
  filled by the pre-hook. One row per raw CSV line the reader could not use.
  The lines of a file with identifier columns (patients.csv) hold a patient's
  identifiers: their text and the reader's messages (which quote values) are
  withheld, and the detail names the columns that failed (README, "Identifiers").
#}

{%- set withheld_files = [] %}
{%- for file in raw_files() if file.identifier_columns %}
    {%- do withheld_files.append("'" ~ file.raw_source ~ "'") %}
{%- endfor %}
{%- set is_withheld = ("source_file in (" ~ withheld_files | join(", ") ~ ")") if withheld_files else "false" %}

with

reject_errors as (
    select * from raw_csv_reject_errors
),

reject_scans as (
    select * from raw_csv_reject_scans
),

errors_located as (
    select
        regexp_replace(reject_scans.file_path, '^.*[/\\]', '') as source_file,
        cast(reject_errors.line as bigint) as line_number,
        reject_errors.error_type,
        reject_errors.column_name,
        reject_errors.error_message,
        reject_errors.csv_line
    from reject_errors
    inner join reject_scans
        on
            reject_errors.scan_id = reject_scans.scan_id
            and reject_errors.file_id = reject_scans.file_id
),

lines_rejected as (
    select
        source_file,
        line_number,
        -- a line whose only problems are values of the wrong type is readable
        -- CSV; anything else (field count, quoting, encoding) is a broken line
        case
            when bool_and(error_type = 'CAST') then 'unparseable_value'
            else 'malformed_line'
        end as reason,
        'line ' || cast(line_number as varchar) || ': '
        || string_agg(distinct error_message, '; ') as reason_detail,
        min(csv_line) as raw_values,
        'line ' || cast(line_number as varchar) || ': '
        || string_agg(distinct lower(error_type) || coalesce(' in column ' || column_name, ''), '; ')
        || ' (values withheld: the line holds patient identifiers)' as withheld_detail
    from errors_located
    group by source_file, line_number
)

select
    source_file,
    line_number,
    reason,
    case when {{ is_withheld }} then withheld_detail else reason_detail end as reason_detail,
    case
        when {{ is_withheld }} then 'withheld: line ' || cast(line_number as varchar) || ' of ' || source_file
        else raw_values
    end as raw_values
from lines_rejected
