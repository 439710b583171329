with

items as (
    select * from {{ ref('inventory__supply_items') }}
),

items_keyed as (
    select
        {{ surrogate_key('item_id') }} as supply_item_sk,
        cast(item_id as {{ dbt.type_string() }}) as item_id,
        cast(item_name as {{ dbt.type_string() }}) as item_name,
        cast(category as {{ dbt.type_string() }}) as category,
        cast(unit_cost as double) as unit_cost
    from items
),

missing_member as (
    select
        {{ missing_member_key() }} as supply_item_sk,
        'unknown' as item_id,
        'Unknown supply item' as item_name,
        'unknown' as category,
        cast(null as double) as unit_cost
),

dimension as (
    select * from items_keyed
    union all
    select * from missing_member
)

select
    supply_item_sk,
    item_id,
    item_name,
    category,
    unit_cost,
    {{ audit_columns() }}
from dimension
