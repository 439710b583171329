{#
  Engine-specific expressions, dispatched so other adapters can add their own:
  duckdb__ and spark__ variants, and a default__ only where portable SQL
  exists; elsewhere default__ stops the build naming the macro to add.
#}

{# The error of a default__ with no portable SQL behind it. #}
{% macro missing_variant(name) -%}
    {{ exceptions.raise_compiler_error(
        "healthcare_ops needs a " ~ adapter.type() ~ "__" ~ name ~ " macro (macros/): " ~ name ~ " has no portable SQL"
    ) }}
{%- endmacro %}

{% macro json_is_valid(column) -%}{{ adapter.dispatch('json_is_valid')(column) }}{%- endmacro %}
{% macro default__json_is_valid(column) -%}{{ missing_variant('json_is_valid') }}{%- endmacro %}
{% macro duckdb__json_is_valid(column) -%}coalesce(json_valid({{ column }}), false){%- endmacro %}
{#
  try_parse_json alone accepts trailing text ('{"a":1} x'); as the only element
  of an array the text must be one JSON value and nothing else. Spark is
  stricter than DuckDB, which also takes NaN, Infinity, a trailing comma and
  a repeated key ('{"a":1,"a":2}'): such a line is invalid_json on Spark.
#}
{% macro spark__json_is_valid(column) -%}
    coalesce(try_parse_json({{ column }}) is not null and json_array_length('[' || {{ column }} || ']') = 1, false)
{%- endmacro %}

{# Scalar at a top-level or dotted key, as text (null when absent). #}
{% macro json_text(column, path) -%}{{ adapter.dispatch('json_text')(column, path) }}{%- endmacro %}
{% macro default__json_text(column, path) -%}{{ missing_variant('json_text') }}{%- endmacro %}
{% macro duckdb__json_text(column, path) -%}json_extract_string({{ column }}, '$.{{ path }}'){%- endmacro %}
{% macro spark__json_text(column, path) -%}get_json_object({{ column }}, '$.{{ path }}'){%- endmacro %}

{#
  Many scalars of one JSON text in a single parse, as an array of text in the
  order of `paths`; json_texts_item reads one back. On a wide feed this is
  several times faster than one json_text per column, each parsing again.
#}
{% macro json_texts(column, paths) -%}{{ adapter.dispatch('json_texts')(column, paths) }}{%- endmacro %}
{% macro default__json_texts(column, paths) -%}{{ missing_variant('json_texts') }}{%- endmacro %}
{% macro duckdb__json_texts(column, paths) -%}
    json_extract_string({{ column }}, [{% for path in paths %}'$.{{ path }}'{{ ', ' if not loop.last }}{% endfor %}])
{%- endmacro %}
{# On Spark a struct of text fields shaped like the paths: from_json reads any JSON value into a string field. #}
{% macro spark__json_texts(column, paths) -%}
    {%- set tree = {} -%}
    {%- for path in paths -%}
        {%- set parts = path.split('.') -%}
        {%- set branch = namespace(fields=tree) -%}
        {%- for part in parts[:-1] -%}
            {%- if part not in branch.fields %}{% do branch.fields.update({part: {}}) %}{% endif -%}
            {%- set branch.fields = branch.fields[part] -%}
        {%- endfor -%}
        {%- do branch.fields.update({parts[-1]: none}) -%}
    {%- endfor -%}
    from_json({{ column }}, '{{ spark_text_struct_fields(tree) }}')
{%- endmacro %}
{% macro spark_text_struct_fields(tree) -%}
    {%- for name, fields in tree.items() -%}
        `{{ name }}` {{ 'string' if fields is none else 'struct<' ~ spark_text_struct_fields(fields) ~ '>' }}
        {{- ', ' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}

{% macro json_texts_item(texts, paths, path) -%}{{ adapter.dispatch('json_texts_item')(texts, paths, path) }}{%- endmacro %}
{% macro default__json_texts_item(texts, paths, path) -%}{{ missing_variant('json_texts_item') }}{%- endmacro %}
{# DuckDB lists are 1-based #}
{% macro duckdb__json_texts_item(texts, paths, path) -%}{{ texts }}[{{ paths.index(path) + 1 }}]{%- endmacro %}
{% macro spark__json_texts_item(texts, paths, path) -%}{{ texts }}.{{ path }}{%- endmacro %}

{% macro json_array_length_at(column, path) -%}{{ adapter.dispatch('json_array_length_at')(column, path) }}{%- endmacro %}
{% macro default__json_array_length_at(column, path) -%}{{ missing_variant('json_array_length_at') }}{%- endmacro %}
{% macro duckdb__json_array_length_at(column, path) -%}
    cast(json_array_length({{ column }}, '$.{{ path }}') as integer)
{%- endmacro %}
{# As on DuckDB: null when the key is absent, 0 when its value (null included) is no array. #}
{% macro spark__json_array_length_at(column, path) -%}
    {%- set parent_path, _, key = path.rpartition('.') -%}
    {%- set parent = "get_json_object(" ~ column ~ ", '$." ~ parent_path ~ "')" if parent_path else column -%}
    case
        when array_contains(json_object_keys({{ parent }}), '{{ key }}')
            then coalesce(json_array_length(get_json_object({{ column }}, '$.{{ path }}')), 0)
    end
{%- endmacro %}

{# Array of strings at a key, joined with commas in their original order. #}
{% macro json_string_array_joined(column, path) -%}{{ adapter.dispatch('json_string_array_joined')(column, path) }}{%- endmacro %}
{% macro default__json_string_array_joined(column, path) -%}{{ missing_variant('json_string_array_joined') }}{%- endmacro %}
{% macro duckdb__json_string_array_joined(column, path) -%}
    array_to_string(json_extract_string({{ column }}, '$.{{ path }}[*]'), ',')
{%- endmacro %}
{# As on DuckDB: '' for any JSON text without an array there. #}
{% macro spark__json_string_array_joined(column, path) -%}
    case
        when {{ column }} is not null
            then coalesce(array_join(from_json(get_json_object({{ column }}, '$.{{ path }}'), 'array<string>'), ','), '')
    end
{%- endmacro %}

{# ISO day of week: Monday = 1 ... Sunday = 7. #}
{% macro iso_day_of_week(column) -%}{{ adapter.dispatch('iso_day_of_week')(column) }}{%- endmacro %}
{% macro default__iso_day_of_week(column) -%}{{ missing_variant('iso_day_of_week') }}{%- endmacro %}
{% macro duckdb__iso_day_of_week(column) -%}cast(extract(isodow from {{ column }}) as integer){%- endmacro %}
{% macro spark__iso_day_of_week(column) -%}cast(extract(dayofweek_iso from {{ column }}) as int){%- endmacro %}

{#
  A timestamp some minutes later. dbt.dateadd on Spark goes through whole
  seconds (08:00:00.750 + 5 minutes is 08:05:00); timestampadd keeps the fraction.
#}
{% macro add_minutes(column, minutes) -%}{{ adapter.dispatch('add_minutes')(column, minutes) }}{%- endmacro %}
{% macro default__add_minutes(column, minutes) -%}{{ dbt.dateadd('minute', minutes, column) }}{%- endmacro %}
{% macro spark__add_minutes(column, minutes) -%}timestampadd(minute, {{ minutes }}, {{ column }}){%- endmacro %}

{% macro hour_of_day(column) -%}cast(extract(hour from {{ column }}) as integer){%- endmacro %}

{#
  Elapsed time as a fractional number of hours / days. Literals such as 3600e0 are
  doubles on every engine; Spark reads 3600.0 as a decimal, and the result
  would be a decimal rounded to 6 places instead of a double.
#}
{% macro hours_between(start_column, end_column) -%}
    ({{ dbt.datediff(start_column, end_column, 'second') }} / 3600e0)
{%- endmacro %}

{% macro days_between(start_column, end_column) -%}
    ({{ dbt.datediff(start_column, end_column, 'second') }} / 86400e0)
{%- endmacro %}

{% macro minutes_between(start_column, end_column) -%}
    ({{ dbt.datediff(start_column, end_column, 'second') }} / 60e0)
{%- endmacro %}

{# Whole years of age between a birth date and a moment. #}
{% macro age_in_years(birth_date, at) -%}
    cast(floor({{ dbt.datediff(birth_date, at, 'day') }} / 365.25e0) as integer)
{%- endmacro %}

{# Category codes compare lowercase with underscores: ' Billing Dispute' -> 'billing_dispute'. #}
{% macro category_code(column) -%}
    nullif(replace(replace(lower(trim({{ column }})), ' ', '_'), '-', '_'), '')
{%- endmacro %}

{# JSON scalars read as strictly as CSV fields: a whole number, or true / false; null otherwise. #}
{% macro json_integer(column, path) -%}{{ parsed_integer(json_text(column, path)) }}{%- endmacro %}

{% macro json_boolean(column, path) -%}
    case {{ json_text(column, path) }} when 'true' then true when 'false' then false end
{%- endmacro %}

{#
  A CSV field read as a boolean: true / false in any case, with the whitespace around it;
  null otherwise (so '1', 'yes' or 't' are quarantined as unparseable_value, not guessed at).
  Portable SQL: engines' own casts from text take more ('t', 'yes', '1' on both) than the contract.
#}
{% macro parsed_boolean(text) -%}
    case lower(trim({{ text }})) when 'true' then true when 'false' then false end
{%- endmacro %}

{#
  Text with the whitespace around it removed (spaces, tabs, line ends), null when nothing is left:
  an id or a value made of whitespace is missing, not a value.
#}
{% macro cleaned_text(text) -%}{{ adapter.dispatch('cleaned_text')(text) }}{%- endmacro %}
{% macro default__cleaned_text(text) -%}
    nullif(trim(both ' ' || chr(9) || chr(10) || chr(13) from {{ text }}), '')
{%- endmacro %}

{# The p-th continuous percentile of a column, as an aggregate. #}
{% macro percentile(column, fraction) -%}{{ adapter.dispatch('percentile')(column, fraction) }}{%- endmacro %}
{% macro default__percentile(column, fraction) -%}
    percentile_cont({{ fraction }}) within group (order by {{ column }})
{%- endmacro %}

{# The first whole hour at or after a timestamp. #}
{% macro ceil_hour(column) -%}
    case
        when {{ column }} = {{ dbt.date_trunc('hour', column) }} then {{ column }}
        else {{ dbt.dateadd('hour', 1, dbt.date_trunc('hour', column)) }}
    end
{%- endmacro %}

{# A select of one column `series_value`: every step from a start to an end (inclusive), both SQL scalar expressions. #}
{% macro timestamp_series(start_expression, end_expression, step) -%}
    {{ adapter.dispatch('timestamp_series')(start_expression, end_expression, step) }}
{%- endmacro %}
{% macro default__timestamp_series(start_expression, end_expression, step) -%}
    {{ missing_variant('timestamp_series') }}
{%- endmacro %}
{% macro duckdb__timestamp_series(start_expression, end_expression, step) -%}
    select unnest(generate_series({{ start_expression }}, {{ end_expression }}, interval '{{ step }}')) as series_value
{%- endmacro %}
{% macro spark__timestamp_series(start_expression, end_expression, step) -%}
    select explode(sequence({{ start_expression }}, {{ end_expression }}, interval '{{ step }}')) as series_value
{%- endmacro %}

{#
  The files of each raw source in RAW_DIR, as {key: [path, ...]} (sorted; an
  empty list when there are none), a key being a CSV's file name or a landing
  folder (raw_source_key). Listing a folder is not SQL: default__ returns
  none, "this engine cannot tell", and the callers then take every raw file
  as present (see raw_domains_found). On DuckDB the listing is RAW_DIR's as
  healthcare_ops/raw_files.py made it for this connection (symbolic links and
  other refused files left out), read from the variable it set: no path is
  ever written into SQL. On Spark it is the same listing, registered with the
  session as views by healthcare_ops/spark_raw.py (so are the refused files
  and the record counts below).
#}
{% macro list_raw_files(keys) %}{{ return(adapter.dispatch('list_raw_files')(keys)) }}{% endmacro %}
{% macro default__list_raw_files(keys) %}{{ return(none) }}{% endmacro %}
{% macro spark__list_raw_files(keys) %}
    {% if var('raw_relations', none) is none %}
        {{ exceptions.raise_compiler_error(
            'No raw files are registered with this Spark session: build on Spark with `make warehouse TARGET=spark` '
            ~ '(pipeline/spark_publish.py), which lists RAW_DIR and registers its files first'
        ) }}
    {% endif %}
    {% set listed = {} %}
    {% for key in keys %}{% do listed.update({key: []}) %}{% endfor %}
    {% for row in run_query('select raw_source, file_path from global_temp.raw_files_listed order by file_path')
        if row[0] in listed %}
        {% do listed[row[0]].append(row[1]) %}
    {% endfor %}
    {{ return(listed) }}
{% endmacro %}
{% macro duckdb__list_raw_files(keys) %}
    {% set listed = {} %}
    {% for key in keys %}{% do listed.update({key: []}) %}{% endfor %}
    {% set listing = run_query(
        "select raw_file.key, raw_file.value from (select unnest(map_entries(getvariable('raw_files'))) as raw_file)"
    ) %}
    {% for row in listing if row[0] in listed %}
        {% do listed.update({row[0]: row[1] | list}) %}
    {% endfor %}
    {{ return(listed) }}
{% endmacro %}

{#
  The files in RAW_DIR that are there but not read, with why, as a relation
  (file_path relative to RAW_DIR, reason): see healthcare_ops/raw_files.py. An
  engine that cannot list files refuses none.
#}
{% macro refused_raw_files() -%}{{ adapter.dispatch('refused_raw_files')() }}{%- endmacro %}
{% macro default__refused_raw_files() -%}
    (
        select
            cast(null as {{ dbt.type_string() }}) as file_path,
            cast(null as {{ dbt.type_string() }}) as reason
        where 1 = 0
    ) as refused
{%- endmacro %}
{% macro spark__refused_raw_files() -%}
    global_temp.raw_files_refused as refused
{%- endmacro %}
{% macro duckdb__refused_raw_files() -%}
    (select unnest(getvariable('raw_files_refused'), recursive := true)) as refused
{%- endmacro %}

{#
  The records of each raw file read, as a relation (raw_source, file_name,
  records), counted apart from the SQL that reads them: see
  healthcare_ops/raw_files.py. An engine with no count of its own counts
  nothing, and reconciliation then cannot balance: add a variant.
#}
{% macro raw_file_records() -%}{{ adapter.dispatch('raw_file_records')() }}{%- endmacro %}
{% macro default__raw_file_records() -%}
    (
        select
            cast(null as {{ dbt.type_string() }}) as raw_source,
            cast(null as {{ dbt.type_string() }}) as file_name,
            cast(null as {{ dbt.type_bigint() }}) as records
        where 1 = 0
    ) as raw_file_records
{%- endmacro %}
{% macro spark__raw_file_records() -%}
    global_temp.raw_file_records as raw_file_records
{%- endmacro %}
{% macro duckdb__raw_file_records() -%}
    (select unnest(getvariable('raw_file_records'), recursive := true)) as raw_file_records
{%- endmacro %}

{#
  Values parsed from text without ever stopping the build: null when the
  text is not a value of the type, so the checks can quarantine the row as
  unparseable_value (dbt.safe_cast is a plain cast on DuckDB). The text must
  have the contract's shape before any cast, as engines' casts take more than
  the contract ('epoch', '2001/05/01', 'NaN', zone names):
  - integers are whole numbers only: '3.7' is not rounded to 4;
  - doubles are decimal numbers, finite: no 'NaN', 'Infinity' or '1e999';
  - dates are YYYY-MM-DD;
  - timestamps are YYYY-MM-DD, then ' ' or 'T', HH:MM, optional seconds and
    fraction, optional offset ('Z', '+05:00', '-0800', '+05'). One with an
    offset is converted to UTC; one without is taken as UTC (the session
    time zone is UTC: profiles.yml).
#}
{% macro parsed_integer(text) -%}{{ adapter.dispatch('parsed_integer')(text) }}{%- endmacro %}
{% macro default__parsed_integer(text) -%}{{ missing_variant('parsed_integer') }}{%- endmacro %}
{% macro duckdb__parsed_integer(text) -%}
    case when regexp_full_match(trim({{ text }}), '[+-]?[0-9]+') then try_cast(trim({{ text }}) as integer) end
{%- endmacro %}
{#
  On Spark a shape is `rlike '^(...)\\z'`: rlike finds rather than matches, and
  `$` would also match before a final line break, which Spark's casts then trim.
#}
{% macro spark__parsed_integer(text) -%}
    case when trim({{ text }}) rlike '^[+-]?[0-9]+\\z' then try_cast(trim({{ text }}) as int) end
{%- endmacro %}

{% macro parsed_double(text) -%}{{ adapter.dispatch('parsed_double')(text) }}{%- endmacro %}
{% macro default__parsed_double(text) -%}{{ missing_variant('parsed_double') }}{%- endmacro %}
{% macro duckdb__parsed_double(text) -%}
    case
        when regexp_full_match(trim({{ text }}), '[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?')
            and isfinite(try_cast(trim({{ text }}) as double))
            then try_cast(trim({{ text }}) as double)
    end
{%- endmacro %}
{# Spark reads '1e999' as Infinity where DuckDB fails the cast: both are null here. #}
{% macro spark__parsed_double(text) -%}
    case
        when trim({{ text }}) rlike '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?\\z'
            and abs(try_cast(trim({{ text }}) as double)) < double('infinity')
            then try_cast(trim({{ text }}) as double)
    end
{%- endmacro %}

{% macro parsed_date(text) -%}{{ adapter.dispatch('parsed_date')(text) }}{%- endmacro %}
{% macro default__parsed_date(text) -%}{{ missing_variant('parsed_date') }}{%- endmacro %}
{% macro duckdb__parsed_date(text) -%}
    case when regexp_full_match(trim({{ text }}), '[0-9]{4}-[0-9]{2}-[0-9]{2}') then try_cast(trim({{ text }}) as date) end
{%- endmacro %}
{% macro spark__parsed_date(text) -%}
    case when trim({{ text }}) rlike '^[0-9]{4}-[0-9]{2}-[0-9]{2}\\z' then try_cast(trim({{ text }}) as date) end
{%- endmacro %}

{% macro parsed_timestamp_utc(text) -%}{{ adapter.dispatch('parsed_timestamp_utc')(text) }}{%- endmacro %}
{% macro default__parsed_timestamp_utc(text) -%}{{ missing_variant('parsed_timestamp_utc') }}{%- endmacro %}
{% macro duckdb__parsed_timestamp_utc(text) -%}
    case
        when regexp_full_match(
            trim({{ text }}),
            '[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?( ?(Z|[+-](0[0-9]|1[0-4])(:?[0-5][0-9])?))?'
        )
            then cast(timezone('UTC', try_cast(trim({{ text }}) as timestamptz)) as timestamp)
    end
{%- endmacro %}
{#
  Spark's own parsing of offsets and of 24:00 differs from DuckDB's, so the
  text is taken apart here: the local date and time (24:00 is the next
  midnight, as on DuckDB), less the offset. Spark's cast truncates a fraction
  to microseconds, as DuckDB does. DuckDB refuses a space before the offset:
  so does the shape here.
#}
{% macro spark__parsed_timestamp_utc(text) -%}
    {%- set trimmed = 'trim(' ~ text ~ ')' -%}
    {%- set clock = "regexp_extract(" ~ trimmed ~ ", '^.{11}([0-9:.]+)', 1)" -%}
    {#- `$` is safe here: the shape below has ruled out a final line break -#}
    {%- set offset = "regexp_extract(" ~ trimmed ~ ", '([+-][0-9:]+)$', 1)" -%}
    case
        when {{ trimmed }} rlike
            '^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-](0[0-9]|1[0-4])(:?[0-5][0-9])?)?\\z'
            then timestampadd(
                second,
                -- east of UTC is ahead of it: subtract the offset
                case when {{ offset }} = '' then 0 else
                    -1 * (case when left({{ offset }}, 1) = '-' then -1 else 1 end)
                    * (
                        cast(substr({{ offset }}, 2, 2) as int) * 3600
                        + coalesce(cast(nullif(substr(replace({{ offset }}, ':', ''), 4, 2), '') as int), 0) * 60
                    )
                end,
                case
                    when {{ clock }} rlike '^24:00(:00([.]0+)?)?\\z'
                        then timestampadd(day, 1, try_cast(left({{ trimmed }}, 10) as timestamp))
                    else try_cast(left({{ trimmed }}, 10) || ' ' || {{ clock }} as timestamp)
                end
            )
    end
{%- endmacro %}

{#
  The names of the columns whose text is there but did not parse, comma-separated (null when all parsed):
  `columns` maps each parsed column to the text it came from.
#}
{% macro unparseable_columns(columns) -%}
    nullif(concat_ws(', '
        {%- for column, text in columns.items() %},
        case when {{ text }} is not null and {{ column }} is null then '{{ column }}' end
        {%- endfor %}
    ), '')
{%- endmacro %}
