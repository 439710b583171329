{# Surrogate key of a dimension member, and of the "missing member" row facts fall back to. #}
{% macro surrogate_key(column) -%}
    {{ dbt.hash("coalesce(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), '-1')") }}
{%- endmacro %}

{% macro missing_member_key() -%}{{ dbt.hash("'-1'") }}{%- endmacro %}

{# Audit columns on every mart: which dbt invocation wrote the row, and when. #}
{% macro audit_columns() -%}
    cast('{{ invocation_id }}' as {{ dbt.type_string() }}) as _run_id,
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as {{ dbt.type_timestamp() }}) as _loaded_at
{%- endmacro %}

{#
  A number as text with a fixed count of decimals, the same on every engine (a decimal prints its digits
  plainly where a double may not: Spark writes 1.0E7).
#}
{% macro number_text(column, decimals) -%}
    cast(cast(round({{ column }}, {{ decimals }}) as decimal(18, {{ decimals }})) as {{ dbt.type_string() }})
{%- endmacro %}
