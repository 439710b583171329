{#
  Raw CSV contract checks and engine-level rejects.

  Each raw source is a DuckDB read_csv() call built from the source's meta
  (see the _<source>__sources.yml files); these macros reuse that one
  definition so the header check and the reject scan read a file exactly as
  staging does.
#}

{% macro raw_csv_sources() %}
    {% set found = [] %}
    {% for node in graph.sources.values() | sort(attribute='unique_id') %}
        {% if node.meta.get('csv_columns') %}
            {% do found.append(node) %}
        {% endif %}
    {% endfor %}
    {{ return(found) }}
{% endmacro %}

{% macro raw_csv_path(node) %}
    {{ return(node.meta['raw_dir'] ~ '/' ~ node.name ~ '.csv') }}
{% endmacro %}

{% macro raw_csv_expected_columns(node) %}
    {# csv_columns is a DuckDB struct literal: {'col': 'type', ...} #}
    {% set names = [] %}
    {% for pair in node.meta['csv_columns'].strip('{} ').split(',') %}
        {% do names.append(pair.split(':')[0].strip().strip("'")) %}
    {% endfor %}
    {{ return(names) }}
{% endmacro %}

{#
  on-run-start: stop the build before any model runs when a raw file is
  missing, a landing folder is empty, or a CSV header does not match the
  contract, naming the file, line 1 and the first column that differs. Reading by position with a wrong header
  would otherwise load values into the wrong columns.
#}
{% macro check_raw_headers() %}
    {% if execute and flags.WHICH in ('build', 'run', 'test', 'seed') %}
        {% set problems = [] %}
        {% set registered = [] %}
        {% for file in raw_files() %}{% do registered.append(file.source ~ '.' ~ file.table) %}{% endfor %}
        {% for node in graph.sources.values() | sort(attribute='unique_id') if node.meta.get('landing_glob') %}
            {% set pattern = node.meta['landing_glob'].format(raw_dir=node.meta['raw_dir']) %}
            {% if (node.source_name ~ '.' ~ node.name) not in registered %}
                {% do problems.append(node.source_name ~ '.' ~ node.name ~ ': landing source is not listed in macros/raw_files.sql') %}
            {% endif %}
            {% if run_query("select count(*) from glob('" ~ pattern ~ "')").columns[0].values()[0] == 0 %}
                {% do problems.append(pattern ~ ': no files landed yet') %}
            {% endif %}
        {% endfor %}
        {% for node in raw_csv_sources() %}
            {% if (node.source_name ~ '.' ~ node.name) not in registered %}
                {% do problems.append(node.source_name ~ '.' ~ node.name ~ ': CSV source is not listed in macros/raw_files.sql, so it would skip quarantine and reconciliation') %}
            {% endif %}
            {% set path = raw_csv_path(node) %}
            {% set expected = raw_csv_expected_columns(node) %}
            {% set listing = run_query("select count(*) from glob('" ~ path ~ "')") %}
            {% if listing.columns[0].values()[0] == 0 %}
                {% do problems.append(path ~ ': file not found (expected columns: ' ~ expected | join(',') ~ ')') %}
            {% else %}
                {% set first_line = run_query(
                    "select header_line from read_csv('" ~ path ~ "', header = false, auto_detect = false, "
                    ~ "delim = '\x1f', quote = '', escape = '', columns = {'header_line': 'varchar'}) limit 1"
                ).columns[0].values() %}
                {% set found = (first_line[0] or '').replace('\ufeff', '').replace('\r', '').split(',') %}
                {% set found = found | map('trim') | map('replace', '"', '') | map('lower') | list %}
                {% if found != expected %}
                    {% set ns = namespace(position=none) %}
                    {% for name in expected %}
                        {% if ns.position is none and (loop.index0 >= found | length or found[loop.index0] != name) %}
                            {% set ns.position = loop.index %}
                        {% endif %}
                    {% endfor %}
                    {% if ns.position is none %}{% set ns.position = expected | length + 1 %}{% endif %}
                    {% set got = found[ns.position - 1] if ns.position <= found | length else '(nothing)' %}
                    {% set wanted = expected[ns.position - 1] if ns.position <= expected | length else '(no more columns)' %}
                    {% do problems.append(
                        path ~ ', line 1, column ' ~ ns.position ~ ": header has '" ~ got ~ "' where the contract expects '"
                        ~ wanted ~ "' (expected header: " ~ expected | join(',') ~ ')'
                    ) %}
                {% endif %}
            {% endif %}
        {% endfor %}
        {% if problems %}
            {{ exceptions.raise_compiler_error('Raw files do not match the raw contract:\n  ' ~ problems | join('\n  ')) }}
        {% endif %}
    {% endif %}
    select 1
{% endmacro %}

{#
  Pre-hook of quality/csv_rejects: scan every raw CSV again with DuckDB's
  store_rejects so each line the reader skipped is recorded with its line
  number, column and error. The rejects land in temporary tables on this
  model's connection. The scan selects every column because DuckDB only casts
  (and so only rejects) the columns a query projects.
#}
{% macro scan_raw_csv_rejects() %}
    {% set statements = [
        'drop table if exists temp.raw_csv_reject_errors',
        'drop table if exists temp.raw_csv_reject_scans'
    ] %}
    {% for file in raw_files() if file.format == 'csv' %}
        {# the source's own read_csv(...) call, with the reject options added before its closing parenthesis #}
        {% set reader = (source(file.source, file.table) | string).strip() %}
        {% set reader = reader[:-1] ~ ", store_rejects = true, rejects_table = 'raw_csv_reject_errors', rejects_scan = 'raw_csv_reject_scans')" %}
        {% do statements.append('create or replace temp table raw_csv_scan as select * from ' ~ reader) %}
    {% endfor %}
    {% do statements.append('drop table if exists temp.raw_csv_scan') %}
    {{ return(statements | join(';\n')) }}
{% endmacro %}
