{#
  Optional domains: a hospital with only the patient-flow feed, or an advocacy
  team with only its CSVs, builds the warehouse all the same.

  raw_domains_found() looks in RAW_DIR for the raw files of every domain of
  macros/raw_files.sql. A domain none of whose files is there is not loaded:
  the on-run-start check (check_raw_headers) says so in one line, and
  domain_source() hands its staging models an empty relation with the
  source's columns and types, so every model after them, quarantine,
  reconciliation and every test build as usual, on no rows.
  quality.loaded_domains keeps what was found for the dashboard and the API.
#}

{% macro raw_source_node(source_name, table_name) %}
    {{ return(graph.sources.get('source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name)) }}
{% endmacro %}

{#
  The name a raw source's files go by in RAW_DIR's listing (healthcare_ops/raw_files.py): the CSV's file
  name, or the landing folder of a stream.
#}
{% macro raw_source_key(node) %}
    {{ return(node.meta.get('landing_folder') or node.name ~ '.csv') }}
{% endmacro %}

{#
  The columns of a raw source as [(name, type), ...]: a CSV's from its
  csv_columns meta (the struct literal its reader is given), a landing
  folder's from the data_type of its declared columns.
#}
{% macro raw_source_columns(node) %}
    {% if node.meta.get('csv_columns') %}
        {{ return(modules.re.findall("'([^']+)' *: *'([^']+)'", node.meta['csv_columns'])) }}
    {% endif %}
    {% set columns = [] %}
    {% for column in node.columns.values() if column.data_type %}
        {% do columns.append((column.name, column.data_type)) %}
    {% endfor %}
    {% if not columns %}
        {{ exceptions.raise_compiler_error(
            'Source ' ~ node.source_name ~ '.' ~ node.name ~ ' declares no column types (csv_columns meta, or columns '
            ~ 'with a data_type): they are needed to build its domain empty when its raw files are absent'
        ) }}
    {% endif %}
    {{ return(columns) }}
{% endmacro %}

{#
  raw_domains() with what is in RAW_DIR now. Each file gains `key` (its name
  in RAW_DIR's listing), `paths` and `is_found`; each domain `raw_dir`, `raw_files_expected`, `raw_files_found`
  and `is_loaded` (at least one of its files found). A landing folder counts
  as one raw file, found when a capture file has landed in it. On an engine
  that cannot list files (list_raw_files returns none), and while parsing,
  every file counts as found: every domain is then required, as it was
  before domains were optional.
#}
{% macro raw_domains_found() %}
    {% set domains = raw_domains() %}
    {% set keys = [] %}
    {% if execute %}
        {% for file in raw_files_of(domains) %}
            {% set node = raw_source_node(file.source, file.table) %}
            {% if node is none %}
                {{ exceptions.raise_compiler_error(
                    'macros/raw_files.sql lists ' ~ file.source ~ '.' ~ file.table ~ ', which no _<source>__sources.yml declares'
                ) }}
            {% endif %}
            {% do file.update({'key': raw_source_key(node), 'raw_dir': node.meta['raw_dir']}) %}
            {% do keys.append(file.key) %}
        {% endfor %}
    {% endif %}
    {% set listed = list_raw_files(keys) if keys else none %}
    {% for domain in domains %}
        {% for file in domain.files %}
            {% set paths = listed[file.key] if listed is not none else none %}
            {% do file.update({'paths': paths, 'is_found': paths is none or paths | length > 0}) %}
        {% endfor %}
        {% set found = domain.files | selectattr('is_found') | list | length %}
        {% do domain.update({
            'raw_dir': domain.files[0].get('raw_dir'),
            'raw_files_expected': domain.files | length,
            'raw_files_found': found,
            'is_loaded': found > 0,
            'is_listed': listed is not none,
        }) %}
    {% endfor %}
    {{ return(domains) }}
{% endmacro %}

{#
  In place of source() in a staging model (or a macro reading a raw source):
  the source itself when its domain is loaded, otherwise an empty relation of
  the source's columns and types. source() is called either way, so the
  lineage (and dbt's DAG) does not depend on which files are present. A unit
  test gets the source too: its rows are the mock's.
#}
{% macro domain_source(source_name, table_name) %}
    {%- set relation = source(source_name, table_name) -%}
    {%- if not execute or model.resource_type == 'unit_test' -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- for domain in raw_domains_found() -%}
        {%- for file in domain.files if file.source == source_name and file.table == table_name -%}
            {{ return(relation if domain.is_loaded else empty_raw_source(raw_source_node(source_name, table_name))) }}
        {%- endfor -%}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error(
        'Source ' ~ source_name ~ '.' ~ table_name ~ ' is not listed in macros/raw_files.sql, so it has no domain'
    ) }}
{% endmacro %}

{# A relation with a raw source's columns and types and no rows. #}
{% macro empty_raw_source(node) -%}
    (
        select
            {%- for name, type in raw_source_columns(node) %}
            cast(null as {{ type }}) as {{ name }}{{ ',' if not loop.last }}
            {%- endfor %}
        where 1 = 0
    ) as absent_{{ node.name }}
{%- endmacro %}
