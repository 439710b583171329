{#
  Per raw source: every record its files hold is either clean or quarantined.
  raw_rows is counted apart from the readers, in Python from the bytes
  (quality.raw_file_records), so a reader that swallowed or split lines
  cannot balance; parsed_rows is what the reader made of them, clean_rows and
  quarantined_rows come from the clean and quarantine paths. A check that
  drops or duplicates rows shows up as an imbalance too, and fails the build.
  refused_files counts the files of the raw source that were there and not
  read (quality.refused_files: a link, a landing folder's file not named
  *.ndjson, ...): their rows are in none of the counts.
#}

with

counted as (
    select
        raw_source,
        sum(records) as raw_rows
    from {{ ref('raw_file_records') }}
    group by raw_source
),

{% for file in raw_files() %}
    {{ file.table }}_counts as (
        select
            '{{ file.raw_source }}' as source_file,
            (
                select coalesce(max(raw_rows), 0) from counted
                where raw_source = '{{ file.raw_source }}'
            ) as raw_rows,
            (select count(*) from {{ ref(file.staged_model) }}) as parsed_rows,
            (select count(*) from {{ ref(file.clean_model) }}) as clean_rows,
            (
                select count(*) from {{ ref('quarantine') }}
                where source_file = '{{ file.raw_source }}'
            ) as quarantined_rows,
            (
                select count(*) from {{ ref('refused_files') }}
                where {{ dbt.split_part('file_path', "'/'", 1) }} = '{{ file.raw_source }}'
            ) as refused_files
    ),
{% endfor %}

file_counts as (
    {% for file in raw_files() %}
        select * from {{ file.table }}_counts
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

reconciled as (
    select
        source_file,
        raw_rows,
        parsed_rows,
        clean_rows,
        quarantined_rows,
        raw_rows = parsed_rows and raw_rows = clean_rows + quarantined_rows as is_balanced,
        refused_files
    from file_counts
)

select * from reconciled
