{#
  The independent count: how many records each raw file read holds, counted
  in Python from the file's bytes (healthcare_ops/raw_files.py), by a path
  that shares nothing with the SQL that reads the records. Reconciliation
  holds every row that came out clean or quarantined against it.
#}

with

counted as (
    select * from {{ raw_file_records() }}
)

select
    raw_source,
    file_name,
    cast(records as {{ dbt.type_bigint() }}) as records
from counted
