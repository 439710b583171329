{# Schemas are named for the layer (staging, marts, ...) without dbt's target prefix. #}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ adapter.dispatch('generate_schema_name')(custom_schema_name, node) }}
{%- endmacro %}
{% macro default__generate_schema_name(custom_schema_name, node) -%}
    {{ (custom_schema_name or target.schema) | trim }}
{%- endmacro %}
{#
  dbt-spark has no databases and ignores `database: identifiers` without a
  word: the models holding patients' identifiers get a schema of their own.
#}
{% macro spark__generate_schema_name(custom_schema_name, node) -%}
    {%- if node is not none and node.config.get('database') == 'identifiers' -%}
        identifiers
    {%- else -%}
        {{ default__generate_schema_name(custom_schema_name, node) }}
    {%- endif -%}
{%- endmacro %}
