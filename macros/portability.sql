{# Engine-specific expressions, dispatched so other adapters can add their own. #}

{% macro json_is_valid(column) -%}{{ adapter.dispatch('json_is_valid')(column) }}{%- endmacro %}
{% macro default__json_is_valid(column) -%}coalesce(json_valid({{ column }}), false){%- endmacro %}

{# Scalar at a top-level or dotted key, as text (null when absent). #}
{% macro json_text(column, path) -%}{{ adapter.dispatch('json_text')(column, path) }}{%- endmacro %}
{% macro default__json_text(column, path) -%}json_extract_string({{ column }}, '$.{{ path }}'){%- endmacro %}


{% macro json_array_length_at(column, path) -%}{{ adapter.dispatch('json_array_length_at')(column, path) }}{%- endmacro %}
{% macro default__json_array_length_at(column, path) -%}cast(json_array_length({{ column }}, '$.{{ path }}') as integer){%- endmacro %}

{# Array of strings at a key, joined with commas in their original order. #}
{% macro json_string_array_joined(column, path) -%}{{ adapter.dispatch('json_string_array_joined')(column, path) }}{%- endmacro %}
{% macro default__json_string_array_joined(column, path) -%}
    array_to_string(json_extract_string({{ column }}, '$.{{ path }}[*]'), ',')
{%- endmacro %}

{# ISO day of week: Monday = 1 ... Sunday = 7. #}
{% macro iso_day_of_week(column) -%}{{ adapter.dispatch('iso_day_of_week')(column) }}{%- endmacro %}
{% macro default__iso_day_of_week(column) -%}cast(extract(isodow from {{ column }}) as integer){%- endmacro %}

{% macro hour_of_day(column) -%}cast(extract(hour from {{ column }}) as integer){%- endmacro %}

{# Elapsed time as a fractional number of hours / days. #}
{% macro hours_between(start_column, end_column) -%}
    ({{ dbt.datediff(start_column, end_column, 'second') }} / 3600.0)
{%- endmacro %}

{% macro days_between(start_column, end_column) -%}
    ({{ dbt.datediff(start_column, end_column, 'second') }} / 86400.0)
{%- endmacro %}

{# Category codes compare lowercase with underscores: ' Billing Dispute' -> 'billing_dispute'. #}
{% macro category_code(column) -%}
    nullif(replace(replace(lower(trim({{ column }})), ' ', '_'), '-', '_'), '')
{%- endmacro %}

{% macro json_integer(column, path) -%}
    {{ dbt.safe_cast(json_text(column, path), api.Column.translate_type('integer')) }}
{%- endmacro %}

{% macro json_boolean(column, path) -%}
    {{ dbt.safe_cast(json_text(column, path), api.Column.translate_type('boolean')) }}
{%- endmacro %}
