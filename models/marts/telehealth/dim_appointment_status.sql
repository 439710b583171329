with

statuses as (
    select * from {{ ref('telehealth__appointment_statuses') }}
),

statuses_keyed as (
    select
        {{ surrogate_key('status') }} as appointment_status_sk,
        status,
        status_label,
        fhir_status,
        is_outcome,
        status in ('completed', 'no_show') as is_due
    from statuses
),

missing_member as (
    select
        {{ missing_member_key() }} as appointment_status_sk,
        'unknown' as status,
        'Unknown status' as status_label,
        cast(null as {{ dbt.type_string() }}) as fhir_status,
        cast(null as boolean) as is_outcome,
        cast(null as boolean) as is_due
),

dimension as (
    select * from statuses_keyed
    union all
    select * from missing_member
)

select
    appointment_status_sk,
    status,
    status_label,
    fhir_status,
    is_outcome,
    is_due,
    {{ audit_columns() }}
from dimension
