with

{% for file in raw_files() %}
    {%- set path = "'" ~ file.raw_source ~ ("/' || source_file" if file.format == 'ndjson' else "'") -%}
    {{ file.table }}_rejected as (
        select
            '{{ file.raw_source }}' as source_file,
            {{ path }} as source_path,
            line_number,
            {{ file.id_column }} as record_id,
            rejection_reason as reason,
            reason_detail,
            {% if file.identifier_columns -%}
                -- a line that is no record of the contract cannot be split into its fields: all of it is withheld
                case
                    when rejection_reason in ('malformed_line', 'invalid_encoding')
                        then 'withheld: line ' || cast(line_number as {{ dbt.type_string() }}) || ' of {{ file.raw_source }}'
                    else {{ withheld_row_as_text(file.check_model, file.identifier_columns) }}
                end as raw_values
            {%- else -%}
                raw_values
            {%- endif %}
        from {{ ref(file.check_model) }}
        where rejection_reason is not null
    ),
{% endfor %}

all_rejected as (
    {% for file in raw_files() %}
        select * from {{ file.table }}_rejected
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

numbered as (
    select
        -- nulls last, as on DuckDB: Spark's default (nulls first) would number the rows otherwise
        row_number() over (
            order by
                source_path nulls last, line_number nulls last, record_id nulls last, reason nulls last,
                raw_values nulls last
        ) as quarantine_id,
        source_file,
        source_path,
        line_number,
        record_id,
        reason,
        reason_detail,
        raw_values
    from all_rejected
)

select * from numbered
