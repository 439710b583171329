{#
  Building blocks of the quality/checks models: every staged row gets either
  no rejection_reason (clean) or the first failing check's reason code (one of
  seeds/quality/quality__reasons.csv) with a human-readable detail.
#}

{# checks: list of [condition_sql, reason_code, detail_sql], in priority order #}
{% macro first_failing_check(checks) -%}
    case
        {%- for condition, reason, detail in checks %}
        when {{ condition }} then '{{ reason }}'
        {%- endfor %}
    end as rejection_reason,
    case
        {%- for condition, reason, detail in checks %}
        when {{ condition }} then {{ detail }}
        {%- endfor %}
    end as reason_detail
{%- endmacro %}

{#
  A text rendering of a row, kept in the quarantine so nothing is lost. The `withheld` columns
  (a patient's identifiers, README "Identifiers") show only whether they held a value.
#}
{% macro row_as_text(columns, withheld=[]) -%}
    {{ adapter.dispatch('row_as_text')(columns, withheld) }}
{%- endmacro %}

{% macro default__row_as_text(columns, withheld=[]) -%}{{ missing_variant('row_as_text') }}{%- endmacro %}
{% macro duckdb__row_as_text(columns, withheld=[]) -%}
    json_object(
        {%- for column in columns %}
        '{{ column }}', {{ withheld_value(column) if column in withheld else column }}{{ ',' if not loop.last }}
        {%- endfor %}
    )::varchar
{%- endmacro %}
{#
  The same text as DuckDB's json_object: nulls kept, timestamps as
  'yyyy-MM-dd HH:mm:ss' (a fraction of a second is left out; DuckDB writes it).
#}
{% macro spark__row_as_text(columns, withheld=[]) -%}
    to_json(
        named_struct(
            {%- for column in columns %}
            '{{ column }}', {{ withheld_value(column) if column in withheld else column }}{{ ',' if not loop.last }}
            {%- endfor %}
        ),
        map('ignoreNullFields', 'false', 'timestampFormat', 'yyyy-MM-dd HH:mm:ss')
    )
{%- endmacro %}

{# A value as text, for a reason_detail (a macro, as the details are written as strings in Jinja lists). #}
{% macro as_text(column) -%}cast({{ column }} as {{ dbt.type_string() }}){%- endmacro %}

{% macro withheld_value(column) -%}
    case when {{ column }} is not null then 'withheld' end
{%- endmacro %}

{# The row_as_text of a check model's rows with the file's identifier columns withheld. #}
{% macro withheld_row_as_text(check_model, withheld) -%}
    {%- set columns = [] -%}
    {%- if execute -%}
        {%- for column in adapter.get_columns_in_relation(ref(check_model)) -%}
            {%- if column.name not in ('rejection_reason', 'reason_detail', 'raw_values', '_run_id', '_loaded_at') -%}
                {%- do columns.append(column.name) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if columns -%}
        {{ row_as_text(columns, withheld) }}
    {%- else -%}
        {#- only a compile before the check model was ever built (parsing, linting) lands here -#}
        cast(null as {{ dbt.type_string() }})
    {%- endif -%}
{%- endmacro %}

{#
  Window columns for the duplicate_id rule: rows sharing an id are held back
  when their values differ (we cannot know which is right); exact copies keep
  one row and quarantine the rest. Copies are compared by partitioning on the
  fingerprint columns themselves (nulls fall together): a hash of their text
  would cost more than both windows. keep_first_by is a comma-separated list
  of columns; nulls sort last in each, as engines differ in their default
  (DuckDB last, Spark first) and it decides which copy is kept.
#}
{% macro duplicate_id_columns(relation, id_column, fingerprint_columns, keep_first_by) -%}
    {%- set identical -%}
        {{ relation }}.{{ id_column }}{% for column in fingerprint_columns %}, {{ relation }}.{{ column }}{% endfor %}
    {%- endset -%}
    {%- set keep_first_order = [] -%}
    {%- for column in keep_first_by.split(',') -%}
        {%- do keep_first_order.append(relation ~ '.' ~ column | trim ~ ' nulls last') -%}
    {%- endfor -%}
    count(*) over (partition by {{ relation }}.{{ id_column }}) as rows_with_same_id,
    count(*) over (partition by {{ identical }}) as identical_rows,
    row_number() over (partition by {{ identical }} order by {{ keep_first_order | join(', ') }}) as copy_number
{%- endmacro %}

{% macro duplicate_id_checks(id_column) -%}
    {{ return([
        ["rows_with_same_id > identical_rows", "duplicate_id",
         "'" ~ id_column ~ " ' || " ~ id_column ~ " || ' appears ' || " ~ as_text('rows_with_same_id') ~ " || ' times with different values'"],
        ["copy_number > 1", "duplicate_id",
         "'exact copy of another row with " ~ id_column ~ " ' || " ~ id_column],
    ]) }}
{%- endmacro %}

{% macro missing_required_check(columns) -%}
    {%- set conditions = [] -%}
    {%- for column in columns %}{% do conditions.append(column ~ " is null") %}{% endfor -%}
    {%- set detail = "'missing required value in ' || " ~ null_column_names(columns) -%}
    {{ return([(conditions | join(' or ')), "missing_required", detail]) }}
{%- endmacro %}

{# The names of the required columns that are empty, comma separated. #}
{% macro null_column_names(columns) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append("case when " ~ column ~ " is null then '" ~ column ~ " ' else '' end") -%}
    {%- endfor -%}
    trim({{ dbt.concat(parts) }})
{%- endmacro %}

{# The clean path of a check model: its passing rows, without the check and audit columns. #}
{% macro clean_rows(check_model) -%}
    {%- set relation = ref(check_model) -%}
    {%- set columns = [] -%}
    {%- if execute -%}
        {%- for column in adapter.get_columns_in_relation(relation) -%}
            {%- if column.name not in ('rejection_reason', 'reason_detail', 'raw_values', '_run_id', '_loaded_at') -%}
                {%- do columns.append(column.name) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {#- only a compile before the check model was ever built (parsing, linting) lands here -#}
    {%- if not columns %}{% set columns = ['*'] %}{% endif %}
select
    {{ columns | join(',\n    ') }}
from {{ relation }}
where rejection_reason is null
{%- endmacro %}
