{#
  Landing folders (event hub captures) are read incrementally by file: a
  capture file is immutable once landed, so a file name already loaded is
  never read again. A replayed file under its old name therefore changes
  nothing; under a new name its lines land again and silver counts each
  event once.
#}

{% macro landing_glob(source_name, table_name) %}
    {% set node = graph.sources['source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name] %}
    {{ return(node.meta['landing_glob'].format(raw_dir=node.meta['raw_dir'])) }}
{% endmacro %}

{# The paths of the landed files whose name is not yet in loaded_relation.source_file, in name order. #}
{% macro new_landed_files(source_name, table_name, loaded_relation) %}
    {% if not execute %}{{ return([]) }}{% endif %}
    {% set listing %}
        select file
        from glob('{{ landing_glob(source_name, table_name) }}')
        where {{ file_name_of('file') }} not in (select distinct source_file from {{ loaded_relation }})
        order by file
    {% endset %}
    {{ return(run_query(listing).columns[0].values() | list) }}
{% endmacro %}

{% macro file_name_of(path_column) -%}
    regexp_replace({{ path_column }}, '^.*[/\\]', '')
{%- endmacro %}

{#
  The run's captures: every landed file on a full build, only the new ones on
  an incremental run (read_text reads each listed file; a filter on the
  file name alone would still read them all).
#}
{% macro landed_captures(source_name, table_name) %}
    {%- set everything = source(source_name, table_name) -%}
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
