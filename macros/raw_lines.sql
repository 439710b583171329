{#
  Raw files as records, one per physical line (healthcare_ops/raw_files.py
  states the rule and counts the records by a path of its own): the bytes up
  to a line feed, a carriage return before it dropped, blank lines (spaces,
  tabs, CRs only) skipped. Line numbers are physical lines, counting the
  header as line 1, so they never drift after a bad line.

  Quotes never join lines. A reader that lets a quoted field run on past the
  line end turns one unclosed quote into hundreds of swallowed records; here
  it costs the one line (and a multi-line quoted field is quarantined line by
  line, as Spark's and BigQuery's readers refuse it by default).

  A line that is not UTF-8 is kept, its bytes shown as \xNN, and flagged: the
  checks quarantine it as invalid_encoding instead of the read stopping the
  build.
#}

{#
  One row per non-blank line of the files of `files_relation` (the columns
  read_blob gives: filename, content, last_modified): source_file (the file's
  name), line_number, line_text, is_text (false when the line is not UTF-8)
  and last_modified.
#}
{% macro raw_lines(files_relation) %}{{ return(adapter.dispatch('raw_lines')(files_relation)) }}{% endmacro %}
{% macro default__raw_lines(files_relation) %}
    {{ exceptions.raise_compiler_error(
        'Reading raw files line by line needs a ' ~ adapter.type() ~ '__raw_lines macro (see macros/raw_lines.sql)'
    ) }}
{% endmacro %}
{% macro duckdb__raw_lines(files_relation) %}
    {#-
      A file that is all UTF-8 (nearly always) is split as text. Otherwise its
      bytes are split as DuckDB's escaped rendering of a blob, where every byte
      that is not printable ASCII, a backslash and a quote included, is written
      \xNN: '\x0A' there is a line feed and nothing else. Each line is decoded
      on its own, so only the lines with a bad byte are not text.
    -#}
    with

    files as (
        select
            {{ file_name_of('filename') }} as source_file,
            last_modified,
            content,
            try(decode(content)) as file_text
        from {{ files_relation }}
    ),

    text_lines as (
        select
            source_file,
            last_modified,
            string_split(file_text, chr(10)) as line_texts
        from files
        where file_text is not null
    ),

    text_lines_numbered as (
        select
            source_file,
            last_modified,
            unnest(line_texts) as line_text,
            generate_subscripts(line_texts, 1) as line_number,
            true as is_text
        from text_lines
    ),

    byte_lines as (
        select
            source_file,
            last_modified,
            string_split(cast(content as varchar), '\x0A') as escaped_lines
        from files
        where file_text is null
    ),

    byte_lines_numbered as (
        select
            source_file,
            last_modified,
            unnest(escaped_lines) as escaped_line,
            generate_subscripts(escaped_lines, 1) as line_number
        from byte_lines
    ),

    byte_lines_decoded as (
        select
            source_file,
            last_modified,
            coalesce(
                try(decode(cast(escaped_line as blob))),
                replace(replace(escaped_line, '\x22', '"'), '\x0D', chr(13))
            ) as line_text,
            line_number,
            try(decode(cast(escaped_line as blob))) is not null as is_text
        from byte_lines_numbered
    ),

    all_lines as (
        select * from text_lines_numbered
        union all
        select * from byte_lines_decoded
    ),

    -- A line is copied only when it must change (a CR to drop) or to test for blankness: on a capture
    -- folder of hundreds of megabytes, trimming every line would take most of the read's time.
    records as (
        select
            source_file,
            cast(line_number as bigint) as line_number,
            case when suffix(line_text, chr(13)) then rtrim(line_text, chr(13)) else line_text end as line_text,
            is_text,
            last_modified
        from all_lines
        where
            line_text <> ''
            and (
                left(line_text, 1) not in (' ', chr(9), chr(13))
                or trim(line_text, ' ' || chr(9) || chr(13)) <> ''
            )
    )

    select * from records
{% endmacro %}

{% macro spark__raw_lines(files_relation) %}
    {#-
      Spark turns bytes into text through Java strings, which put U+FFFD in
      place of bytes that are not UTF-8, so a file that is all UTF-8 (checked
      on its bytes) is split as text, and any other file as hex: '0A' at a
      byte boundary is its line feed, and each line is then checked on its own.
      A bad byte shows as U+FFFD in line_text (DuckDB shows \xNN).
    -#}
    with

    files as (
        select
            {{ file_name_of('filename') }} as source_file,
            last_modified,
            content,
            is_valid_utf8(cast(content as string)) as is_utf8_file
        from {{ files_relation }}
    ),

    text_lines as (
        select
            source_file,
            last_modified,
            posexplode(split(cast(content as string), '\n', -1)) as (line_index, line_text),
            true as is_text
        from files
        where is_utf8_file
    ),

    hex_lines as (
        select
            source_file,
            last_modified,
            -- a comma after every byte's two hex digits, so that '0A,' only ever matches a whole byte
            posexplode(split(regexp_replace(hex(content), '(..)', '$1,'), '0A,', -1)) as (line_index, line_hex)
        from files
        where not is_utf8_file
    ),

    byte_lines as (
        select
            source_file,
            last_modified,
            line_index,
            cast(unhex(replace(line_hex, ',', '')) as string) as line_bytes
        from hex_lines
    ),

    byte_lines_decoded as (
        select
            source_file,
            last_modified,
            line_index,
            make_valid_utf8(line_bytes) as line_text,
            is_valid_utf8(line_bytes) as is_text
        from byte_lines
    ),

    all_lines as (
        select source_file, last_modified, line_index, line_text, is_text from text_lines
        union all
        select source_file, last_modified, line_index, line_text, is_text from byte_lines_decoded
    ),

    records as (
        select
            source_file,
            cast(line_index + 1 as bigint) as line_number,
            regexp_replace(line_text, '\r+$', '') as line_text,
            is_text,
            last_modified
        from all_lines
        where trim(both ' \t\r' from line_text) <> ''
    )

    select * from records
{% endmacro %}

{#
  A raw CSV's records (after its header line), each split into the fields of
  the contract (macros/raw_files.sql), as text: one row per
  record, with line_number, the line's text, and line_problem when it is not
  a record of the contract (invalid_encoding, or malformed_line: a quote
  left open, a quote inside an unquoted field, text after a closing quote,
  or a field count other than the contract's), with line_problem_detail
  naming line and column. A field is quoted ("a ""b"", c") or not (no quote
  in it), RFC 4180's rules within one line.
#}
{% macro csv_records(source_name, table_name) %}
    {{ return(adapter.dispatch('csv_records')(source_name, table_name)) }}
{% endmacro %}
{% macro default__csv_records(source_name, table_name) %}
    {{ exceptions.raise_compiler_error(
        'Reading raw CSVs needs a ' ~ adapter.type() ~ '__csv_records macro (see macros/raw_lines.sql)'
    ) }}
{% endmacro %}
{% macro duckdb__csv_records(source_name, table_name) %}
    {%- set columns = raw_csv_columns(source_name, table_name) -%}
    {%- set field = '"(?:[^"]|"")*"|[^,"]*' -%}
    with

    lines as (
        {{ raw_lines(domain_source(source_name, table_name)) }}
    ),

    fields_split as (
        select
            line_number,
            line_text,
            is_text,
            is_text and regexp_full_match(line_text, '(?:{{ field }})(?:,(?:{{ field }}))*') as is_well_formed,
            -- a comma before every field, so that each match takes one and an empty field is not skipped
            regexp_extract_all(',' || line_text, ',({{ field }})', 1) as quoted_fields
        from lines
        where line_number > 1
    ),

    judged as (
        select
            *,
            {{ csv_line_problem('is_text', 'is_well_formed', 'len(quoted_fields)', columns) }}
        from fields_split
    ),

    records as (
        select
            line_number,
            {%- for column in columns %}
            case
                when line_problem is not null then null
                when left(quoted_fields[{{ loop.index }}], 1) = '"'
                    then replace(quoted_fields[{{ loop.index }}][2:-2], '""', '"')
                else quoted_fields[{{ loop.index }}]
            end as {{ column }},
            {%- endfor %}
            line_problem,
            case when line_problem is not null then line_problem_detail end as line_problem_detail,
            line_text
        from judged
    )

    select * from records
{% endmacro %}

{% macro spark__csv_records(source_name, table_name) %}
    {#-
      Each line is parsed by Spark's own CSV parser (from_csv, PERMISSIVE,
      with the corrupt-record column, which catches a wrong field count). It
      lets a quote inside an unquoted field or one left open through, so the
      same well-formedness test as DuckDB's stands beside it. An empty field
      is '' as DuckDB's splitter gives it, not Spark's null.
    -#}
    {%- set columns = raw_csv_columns(source_name, table_name) -%}
    {%- set field = '"(?:[^"]|"")*"|[^,"]*' -%}
    {%- set schema -%}
        {% for column in columns %}{{ column }} string, {% endfor %}_corrupt_record string
    {%- endset -%}
    with

    lines as (
        {{ raw_lines(domain_source(source_name, table_name)) }}
    ),

    fields_split as (
        select
            line_number,
            line_text,
            is_text,
            is_text and line_text rlike '^(?:{{ field }})(?:,(?:{{ field }}))*$' as is_well_formed,
            size(regexp_extract_all(',' || line_text, ',({{ field }})', 1)) as field_count,
            from_csv(
                line_text,
                '{{ schema }}',
                map('mode', 'PERMISSIVE', 'columnNameOfCorruptRecord', '_corrupt_record', 'escape', '"')
            ) as parsed
        from lines
        where line_number > 1
    ),

    judged as (
        select
            *,
            {{ csv_line_problem('is_text', 'is_well_formed', 'field_count', columns, 'parsed._corrupt_record is not null') }}
        from fields_split
    ),

    records as (
        select
            line_number,
            {%- for column in columns %}
            case when line_problem is null then coalesce(parsed.{{ column }}, '') end as {{ column }},
            {%- endfor %}
            line_problem,
            case when line_problem is not null then line_problem_detail end as line_problem_detail,
            line_text
        from judged
    )

    select * from records
{% endmacro %}

{#
  line_problem and line_problem_detail of a CSV line, from its facts as SQL
  expressions: is it text, is it well formed (every field quoted or
  quote-free), how many fields it has, and whether the engine's own CSV
  parser refused it. The wording is the same on every engine.
#}
{% macro csv_line_problem(is_text, is_well_formed, field_count, columns, refused_by_parser='false') -%}
    case
        when not {{ is_text }} then 'invalid_encoding'
        when not {{ is_well_formed }} or {{ field_count }} <> {{ columns | length }} or {{ refused_by_parser }}
            then 'malformed_line'
    end as line_problem,
    'line ' || cast(line_number as {{ dbt.type_string() }}) || ': ' || case
        when not {{ is_text }}
            then 'not UTF-8 text (its bytes that are not are shown as {{ not_text_bytes_shown_as() }})'
        when not {{ is_well_formed }} and (length(line_text) - length(replace(line_text, '"', ''))) % 2 = 1
            then 'a quoted field is not closed on this line (a record is one line: '
            || 'a line break inside quotes is not read as part of the field)'
        when not {{ is_well_formed }}
            then 'a quote inside an unquoted field, or text after a closing quote'
        when {{ field_count }} > {{ columns | length }}
            then cast({{ field_count }} as {{ dbt.type_string() }}) || ' fields where the contract has {{ columns | length }}: '
            || 'column {{ columns | length + 1 }} is one too many (is the delimiter a comma?)'
        when {{ field_count }} < {{ columns | length }}
            then cast({{ field_count }} as {{ dbt.type_string() }}) || ' fields where the contract has {{ columns | length }}: '
            || 'column ' || cast({{ field_count }} + 1 as {{ dbt.type_string() }}) || ' ({{ columns | join(",") }}) is missing'
        when {{ refused_by_parser }}
            then 'the CSV parser refused the line'
    end as line_problem_detail
{%- endmacro %}

{# How a line that is not UTF-8 shows its bad bytes in line_text. #}
{% macro not_text_bytes_shown_as() -%}{{ adapter.dispatch('not_text_bytes_shown_as')() }}{%- endmacro %}
{% macro default__not_text_bytes_shown_as() -%}U+FFFD{%- endmacro %}
{% macro duckdb__not_text_bytes_shown_as() -%}\xNN{%- endmacro %}

{# The checks every raw CSV's check model runs first: a line that is not a record of the contract. #}
{% macro csv_line_checks() %}
    {{ return([
        ["line_problem = 'invalid_encoding'", 'invalid_encoding', 'line_problem_detail'],
        ["line_problem = 'malformed_line'", 'malformed_line', 'line_problem_detail'],
    ]) }}
{% endmacro %}

{# A raw CSV's quarantined rows keep their line as it arrived (checked_rows' raw_values_from). #}
{% macro csv_line_texts(base_model) %}
    {{ return({'model': base_model, 'keys': ['line_number'], 'column': 'line_text'}) }}
{% endmacro %}
