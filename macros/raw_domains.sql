{#
  Optional domains: a hospital with only the patient-flow feed, or an advocacy
  team with only its CSVs, builds the warehouse all the same.

  raw_domains_found() looks in RAW_DIR for the raw files of every domain of
  macros/raw_files.sql. A domain none of whose files is there is not loaded:
  the on-run-start check (check_raw_headers) says so in one line, and
  domain_source() hands its base models an empty relation with the
  columns read_blob gives, so every model after them, quarantine,
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

{# The columns of a raw CSV's contract, in order (macros/raw_files.sql). #}
{% macro raw_csv_columns(source_name, table_name) %}
    {% for file in raw_files() if file.source == source_name and file.table == table_name %}
        {{ return(file.columns) }}
    {% endfor %}
    {{ exceptions.raise_compiler_error(source_name ~ '.' ~ table_name ~ ' is not a raw CSV of macros/raw_files.sql') }}
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
  In place of source() in a base model (or a macro reading a raw source):
  the source itself when its domain is loaded, otherwise an empty relation of
  the columns read_blob gives. source() is called either way, so the
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
            {%- set node = raw_source_node(source_name, table_name) -%}
            {{ return(raw_files_relation(node) if domain.is_loaded else empty_raw_source(node)) }}
        {%- endfor -%}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error(
        'Source ' ~ source_name ~ '.' ~ table_name ~ ' is not listed in macros/raw_files.sql, so it has no domain'
    ) }}
{% endmacro %}

{#
  The relation a raw source's files are read from, with the columns every
  raw source is read with (read_blob's: filename, content, size and
  last_modified): on DuckDB the source itself (its external_location), on
  Spark the view healthcare_ops/spark_raw.py registered for it, named in the
  var raw_relations.
#}
{% macro raw_files_relation(node) -%}{{ return(adapter.dispatch('raw_files_relation')(node)) }}{%- endmacro %}
{% macro default__raw_files_relation(node) -%}
    {{ return(source(node.source_name, node.name)) }}
{%- endmacro %}
{% macro spark__raw_files_relation(node) -%}
    {%- set relations = var('raw_relations', {}) -%}
    {%- if raw_source_key(node) not in relations -%}
        {{ exceptions.raise_compiler_error(
            'No Spark view for ' ~ raw_source_key(node) ~ ': build on Spark with `make warehouse TARGET=spark` '
            ~ '(pipeline/spark_publish.py), which registers the raw files first'
        ) }}
    {%- endif -%}
    {{ return(relations[raw_source_key(node)]) }}
{%- endmacro %}

{# A relation with the columns every raw source is read with, and no rows. #}
{% macro empty_raw_source(node) -%}
    (
        select
            cast(null as {{ dbt.type_string() }}) as filename,
            cast(null as {{ type_bytes() }}) as content,
            cast(null as {{ dbt.type_bigint() }}) as size,
            cast(null as {{ type_instant() }}) as last_modified
        where 1 = 0
    ) as absent_{{ node.name }}
{%- endmacro %}

{# Bytes, and a point in time (read_blob's last_modified is DuckDB's timestamptz). #}
{% macro type_bytes() -%}{{ adapter.dispatch('type_bytes')() }}{%- endmacro %}
{% macro default__type_bytes() -%}binary{%- endmacro %}
{% macro duckdb__type_bytes() -%}blob{%- endmacro %}
{% macro type_instant() -%}{{ adapter.dispatch('type_instant')() }}{%- endmacro %}
{% macro default__type_instant() -%}timestamp{%- endmacro %}
{% macro duckdb__type_instant() -%}timestamp with time zone{%- endmacro %}

{# A point in time as a UTC timestamp (Spark's timestamp already is one, shown in the session's zone, UTC). #}
{% macro utc_timestamp(column) -%}{{ adapter.dispatch('utc_timestamp')(column) }}{%- endmacro %}
{% macro default__utc_timestamp(column) -%}{{ column }}{%- endmacro %}
{% macro duckdb__utc_timestamp(column) -%}timezone('UTC', {{ column }}){%- endmacro %}
