{#
  Landing folders (event hub captures) are read incrementally by file: a
  capture file is immutable once landed, so a file name already loaded is
  never read again. A replayed file under its old name therefore changes
  nothing; under a new name its lines land again and silver counts each
  event once.
#}

{% macro landing_glob(source_name, table_name) %}
    {{ return(raw_source_pattern(raw_source_node(source_name, table_name))) }}
{% endmacro %}

{# The paths of the landed files whose name is not yet in loaded_relation.source_file, in name order. #}
{% macro new_landed_files(source_name, table_name, loaded_relation) %}
    {% if not execute %}{{ return([]) }}{% endif %}
    {% set pattern = landing_glob(source_name, table_name) %}
    {% set listed = list_raw_files([pattern]) %}
    {% if listed is none %}
        {{ exceptions.raise_compiler_error(
            'An incremental run of ' ~ source_name ~ '.' ~ table_name ~ ' needs to list its landing folder: '
            ~ 'add a ' ~ adapter.type() ~ '__list_raw_files macro (see macros/portability.sql)'
        ) }}
    {% endif %}
    {% set loaded = {} %}
    {% for name in run_query('select distinct source_file from ' ~ loaded_relation).columns[0].values() %}
        {% do loaded.update({name: true}) %}
    {% endfor %}
    {% set paths = [] %}
    {% for path in listed[pattern] if path.replace('\\', '/').split('/')[-1] not in loaded %}
        {% do paths.append(path) %}
    {% endfor %}
    {{ return(paths) }}
{% endmacro %}

{% macro file_name_of(path_column) -%}
    regexp_replace({{ path_column }}, '^.*[/\\]', '')
{%- endmacro %}

{#
  The run's captures: every landed file on a full build, only the new ones on
  an incremental run (read_text reads each listed file; a filter on the
  file name alone would still read them all). No capture at all when the
  domain has no raw files (macros/raw_domains.sql).
#}
{% macro landed_captures(source_name, table_name) %}
    {%- set everything = domain_source(source_name, table_name) -%}
    {%- if is_incremental() -%}
        {%- set paths = new_landed_files(source_name, table_name, this) -%}
        {%- if paths -%}
    select * from read_text([{% for path in paths %}'{{ path }}'{{ ', ' if not loop.last }}{% endfor %}])
        {%- else -%}
    select * from {{ everything }} where false
        {%- endif -%}
    {%- else -%}
    select * from {{ everything }}
    {%- endif -%}
{% endmacro %}
