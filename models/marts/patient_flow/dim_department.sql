with

departments as (
    select * from {{ ref('patient_flow__departments') }}
),

departments_keyed as (
    select
        {{ surrogate_key('department') }} as department_sk,
        department,
        department_label,
        service_line,
        beds
    from departments
),

missing_member as (
    select
        {{ missing_member_key() }} as department_sk,
        'unknown' as department,
        'Unknown department' as department_label,
        'unknown' as service_line,
        cast(null as integer) as beds
),

dimension as (
    select * from departments_keyed
    union all
    select * from missing_member
)

select
    department_sk,
    department,
    department_label,
    service_line,
    beds,
    {{ audit_columns() }}
from dimension
