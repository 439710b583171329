{#
  Landing folders (event hub captures) are read incrementally by file: a
  capture file is immutable once landed, so a file name already loaded is
  never read again. A replayed file under its old name therefore changes
  nothing; under a new name its lines land again and silver counts each
  event once.

  The files are never named in SQL text: RAW_DIR's listing is bound to the
  variable raw_files (healthcare_ops/raw_files.py), and the new files are a
  list computed from it in SQL, into a variable read_blob() reads as its
  list-of-files argument.
#}

{# A file's name, from its path (read_blob's filename, Spark's path URI). #}
{% macro file_name_of(path_column) -%}{{ adapter.dispatch('file_name_of')(path_column) }}{%- endmacro %}
{% macro default__file_name_of(path_column) -%}
    regexp_replace({{ path_column }}, '^.*/', '')
{%- endmacro %}
{% macro duckdb__file_name_of(path_column) -%}
    regexp_replace({{ path_column }}, '^.*[/\\]', '')
{%- endmacro %}

{#
  The run's captures: every landed file on a full build, only the new ones on
  an incremental run (read_blob reads each listed file; a filter on the
  file name alone would still read them all). No capture at all when the
  domain has no raw files (macros/raw_domains.sql).
#}
{% macro landed_captures(source_name, table_name) %}
    {%- set everything = domain_source(source_name, table_name) -%}
    {%- if is_incremental() -%}
    select * from {{ new_landed_files(source_name, table_name, this) }}
    {%- else -%}
    select * from {{ everything }}
    {%- endif -%}
{% endmacro %}

{#
  A relation of the files landed in a source's folder whose name is not yet in
  loaded_relation.source_file, read as the source reads them. The list is set
  now, on this model's connection (a model is compiled and run on one).
#}
{% macro new_landed_files(source_name, table_name, loaded_relation) %}
    {{ return(adapter.dispatch('new_landed_files')(source_name, table_name, loaded_relation)) }}
{% endmacro %}
{% macro default__new_landed_files(source_name, table_name, loaded_relation) %}
    {{ exceptions.raise_compiler_error(
        'An incremental run of ' ~ source_name ~ '.' ~ table_name ~ ' needs to list its landing folder: '
        ~ 'add a ' ~ adapter.type() ~ '__new_landed_files macro (see macros/landing.sql)'
    ) }}
{% endmacro %}
{% macro duckdb__new_landed_files(source_name, table_name, loaded_relation) %}
    {%- set variable = 'new_landed__' ~ source_name ~ '__' ~ table_name -%}
    {%- set folder = raw_source_key(raw_source_node(source_name, table_name)) -%}
    {%- if execute -%}
        {%- set new_files -%}
            set variable {{ variable }} = (
                select coalesce(list(landed.path order by landed.path), [])
                from unnest(getvariable('raw_files')['{{ folder }}']) as landed (path)
                where {{ file_name_of('landed.path') }} not in (select loaded.source_file from {{ loaded_relation }} as loaded)
            )
        {%- endset -%}
        {%- do run_query(new_files) -%}
    {%- endif -%}
    {{ return("read_blob(getvariable('" ~ variable ~ "'))") }}
{% endmacro %}
