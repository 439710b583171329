with

advocates as (
    select * from {{ ref('int_advocates_validated') }}
),

advocates_keyed as (
    select
        {{ surrogate_key('advocate_id') }} as advocate_sk,
        advocate_id,
        advocate_name,
        team,
        capacity,
        hired_at
    from advocates
),

missing_member as (
    select
        {{ missing_member_key() }} as advocate_sk,
        'unknown' as advocate_id,
        'Unknown advocate' as advocate_name,
        'unknown' as team,
        cast(null as integer) as capacity,
        cast(null as date) as hired_at
),

dimension as (
    select * from advocates_keyed
    union all
    select * from missing_member
)

select
    advocate_sk,
    advocate_id,
    advocate_name,
    team,
    capacity,
    hired_at,
    {{ audit_columns() }}
from dimension
