{#
  Raw CSV contract checks, before any model runs. The header is read through
  the raw source and macros/raw_lines.sql, exactly as the base_ models read
  the records after it.
#}

{# For messages: where a raw CSV is. It is read through RAW_DIR's listing, never by this text. #}
{% macro raw_csv_path(node) %}
    {{ return(node.meta['raw_dir'] ~ '/' ~ raw_source_key(node)) }}
{% endmacro %}

{#
  on-run-start: stop the build before any model runs when a raw file is
  missing or a CSV header does not match the contract, naming the file, line
  1 and the first column that differs. Reading by position with a wrong
  header would otherwise load values into the wrong columns.

  By domain (macros/raw_files.sql): every file of the registry is required;
  an optional domain none of whose files is there is skipped with a notice
  (its models are built empty, macros/raw_domains.sql); one with only some
  of its files stops the build, naming each missing one.
#}
{% macro check_raw_headers() %}
    {% if execute and flags.WHICH in ('build', 'run', 'test', 'seed') %}
        {% set problems = [] %}
        {% set domains = raw_domains_found() %}
        {% set registered = [] %}
        {% for file in raw_files_of(domains) %}{% do registered.append(file.source ~ '.' ~ file.table) %}{% endfor %}
        {% for node in graph.sources.values() | sort(attribute='unique_id') %}
            {% if node.meta.get('external_location')
                and (node.source_name ~ '.' ~ node.name) not in registered %}
                {% do problems.append(
                    node.source_name ~ '.' ~ node.name ~ ': raw source is not listed in macros/raw_files.sql, '
                    ~ 'so it would skip quarantine and reconciliation'
                ) %}
            {% endif %}
        {% endfor %}
        {% set records = {} %}
        {% for raw_source, counted in run_query(
            'select raw_source, sum(records) from ' ~ raw_file_records() ~ ' group by raw_source'
        ) %}
            {% do records.update({raw_source: counted}) %}
        {% endfor %}
        {% set refused = {} %}
        {% for path, reason in run_query('select file_path, reason from ' ~ refused_raw_files() ~ ' order by file_path') %}
            {% do refused.update({path: reason}) %}
            {{ log('Refused ' ~ path ~ ' in ' ~ domains[0].raw_dir ~ ': ' ~ reason ~ ' (not read; quality.refused_files)', info=True) }}
        {% endfor %}
        {% if refused %}
            {{ log(refused | length ~ ' file(s) in RAW_DIR refused: see quality.refused_files', info=True) }}
        {% endif %}
        {% if not domains[0].is_listed %}
            {{ log('Raw files cannot be listed on ' ~ adapter.type() ~ ': every domain is taken as present', info=True) }}
        {% endif %}
        {% for domain in domains %}
            {% if not domain.is_loaded and not domain.is_required %}
                {{ log(
                    'Domain ' ~ domain.domain ~ ': no raw files in ' ~ domain.raw_dir ~ ', skipped — its models are empty',
                    info=True
                ) }}
            {% else %}
                {% if domain.raw_files_found < domain.raw_files_expected and not domain.is_required %}
                    {% do problems.append(
                        'Domain ' ~ domain.domain ~ ' has ' ~ domain.raw_files_found ~ ' of its ' ~ domain.raw_files_expected
                        ~ ' raw files in ' ~ domain.raw_dir ~ '; a domain is loaded whole, or skipped when none of its '
                        ~ 'files is there. Missing:'
                    ) %}
                {% endif %}
                {% for file in domain.files %}
                    {% set node = raw_source_node(file.source, file.table) %}
                    {% if not file.is_found and node.meta.get('landing_folder') %}
                        {% do problems.append(domain.raw_dir ~ '/' ~ file.key ~ ': no capture files landed yet') %}
                    {% elif not file.is_found %}
                        {% do problems.append(
                            raw_csv_path(node) ~ ': file not found'
                            ~ (' (refused: ' ~ refused[file.key] ~ ')' if file.key in refused else '')
                            ~ ' (expected columns: ' ~ raw_csv_columns(node.source_name, node.name) | join(',') ~ ')'
                        ) %}
                    {% elif file.format == 'csv' %}
                        {% set problem = raw_csv_header_problem(node) %}
                        {% if problem %}
                            {% do problems.append(problem) %}
                        {% elif records.get(file.key) == 0 %}
                            {{ log(raw_csv_path(node) ~ ': a header and no records, so it loads no rows', info=True) }}
                        {% endif %}
                    {% endif %}
                {% endfor %}
            {% endif %}
        {% endfor %}
        {% if problems %}
            {{ exceptions.raise_compiler_error('Raw files do not match the raw contract:\n  ' ~ problems | join('\n  ')) }}
        {% endif %}
    {% endif %}
    select 1
{% endmacro %}

{# What is wrong with a CSV's header line (none when it is the contract's). #}
{% macro raw_csv_header_problem(node) %}
    {% set path = raw_csv_path(node) %}
    {% set expected = raw_csv_columns(node.source_name, node.name) %}
    {% set first_line = run_query(
        'select line_text from (' ~ raw_lines(raw_files_relation(node)) ~ ') as lines '
        ~ 'where line_number = 1'
    ).columns[0].values() %}
    {% set found = (first_line[0] or '').replace('\ufeff', '').replace('\r', '').split(',') %}
    {% set found = found | map('trim') | map('replace', '"', '') | map('lower') | list %}
    {#- names compare in lowercase, as found is: a Salesforce export's header is CamelCase (Id, CreatedDate) -#}
    {% set expected_lowercase = expected | map('lower') | list %}
    {% if found == expected_lowercase %}{{ return(none) }}{% endif %}
    {% set ns = namespace(position=none) %}
    {% for name in expected %}
        {% if ns.position is none and (loop.index0 >= found | length or found[loop.index0] != name | lower) %}
            {% set ns.position = loop.index %}
        {% endif %}
    {% endfor %}
    {% if ns.position is none %}{% set ns.position = expected | length + 1 %}{% endif %}
    {% set got = found[ns.position - 1] if ns.position <= found | length else '(nothing)' %}
    {% set wanted = expected[ns.position - 1] if ns.position <= expected | length else '(no more columns)' %}
    {{ return(
        path ~ ', line 1, column ' ~ ns.position ~ ": header has '" ~ got ~ "' where the contract expects '"
        ~ wanted ~ "' (expected header: " ~ expected | join(',') ~ ')'
    ) }}
{% endmacro %}
