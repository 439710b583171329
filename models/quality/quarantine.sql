with

{% for file in raw_files() %}
    {{ file.table }}_rejected as (
        select
            '{{ file.table }}.csv' as source_file,
            cast(null as bigint) as line_number,
            {{ file.id_column }} as record_id,
            rejection_reason as reason,
            reason_detail,
            raw_values
        from {{ ref(file.check_model) }}
        where rejection_reason is not null
    ),
{% endfor %}

reader_rejected as (
    select
        source_file,
        line_number,
        cast(null as varchar) as record_id,
        reason,
        reason_detail,
        raw_values
    from {{ ref('csv_rejects') }}
),

all_rejected as (
    {% for file in raw_files() %}
        select * from {{ file.table }}_rejected
        union all
    {% endfor %}
    select * from reader_rejected
),

numbered as (
    select
        row_number() over (
            order by source_file, line_number, record_id, reason, raw_values
        ) as quarantine_id,
        source_file,
        line_number,
        record_id,
        reason,
        reason_detail,
        raw_values
    from all_rejected
)

select * from numbered
