{#
  The files in RAW_DIR that were there and were not read, with why: a
  symbolic link (never followed), anything not a regular file or outside
  RAW_DIR, a file in a landing folder not named *.ndjson, a name the reader
  would take for a glob pattern. healthcare_ops/raw_files.py lists RAW_DIR
  and refuses them; the build output names each one too, and
  quality.reconciliation counts them per raw source.
#}

with

refused as (
    select
        file_path,
        reason
    from {{ refused_raw_files() }}
)

select
    cast(file_path as {{ dbt.type_string() }}) as file_path,
    cast(reason as {{ dbt.type_string() }}) as reason,
    {{ audit_columns() }}
from refused
