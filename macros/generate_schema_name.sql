{# Schemas are named for the layer (staging, marts, ...) without dbt's target prefix. #}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ (custom_schema_name or target.schema) | trim }}
{%- endmacro %}
