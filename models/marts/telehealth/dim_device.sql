with

devices as (
    select * from {{ ref('telehealth__devices') }}
),

devices_keyed as (
    select
        {{ surrogate_key('device') }} as device_sk,
        device,
        device_label
    from devices
),

missing_member as (
    select
        {{ missing_member_key() }} as device_sk,
        'unknown' as device,
        'Unknown device' as device_label
),

dimension as (
    select * from devices_keyed
    union all
    select * from missing_member
)

select
    device_sk,
    device,
    device_label,
    {{ audit_columns() }}
from dimension
