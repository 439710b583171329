{#
  Per raw file: every row the file holds is either clean or quarantined.
  Each count comes from a different model, so a check that drops or
  duplicates rows shows up as an imbalance (and fails the build).
  refused_files counts the files of the raw source that were there and not
  read (quality.refused_files: a link, a landing folder's file not named
  *.ndjson, ...): their rows are in none of the counts.
#}

with

{% for file in raw_files() %}
    {{ file.table }}_counts as (
        select
            '{{ file.raw_source }}' as source_file,
            (select count(*) from {{ ref(file.staged_model) }}) as parsed_rows,
            (
                select count(*) from {{ ref('csv_rejects') }}
                where source_file = '{{ file.raw_source }}'
            ) as unreadable_rows,
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
        parsed_rows + unreadable_rows as raw_rows,
        parsed_rows,
        unreadable_rows,
        clean_rows,
        quarantined_rows,
        parsed_rows + unreadable_rows = clean_rows + quarantined_rows as is_balanced,
        refused_files
    from file_counts
)

select * from reconciled
