{#
  One line of supplies used in a patient-flow encounter, carrying the
  encounter's patient, referring provider and service line (so supply metrics
  group like the encounter's) and the item's unit cost from the catalog seed.
  A line whose encounter is not in patient flow keeps the unknown members.
#}

with

usages as (
    select * from {{ ref('int_inventory_usages_validated') }}
),

encounters as (
    select * from {{ ref('fct_patient_encounter') }}
),

items as (
    select * from {{ ref('dim_supply_item') }}
),

usages_keyed as (
    select
        usages.usage_id,
        usages.encounter_id,
        coalesce(items.supply_item_sk, {{ missing_member_key() }}) as supply_item_sk,
        coalesce(encounters.patient_sk, {{ missing_member_key() }}) as patient_sk,
        coalesce(encounters.referring_provider_sk, {{ missing_member_key() }}) as referring_provider_sk,
        coalesce(encounters.service_line, 'unknown') as service_line,
        usages.used_at,
        cast(usages.used_at as date) as used_date_key,
        cast(usages.quantity as integer) as quantity,
        items.unit_cost,
        usages.quantity * items.unit_cost as supply_cost
    from usages
    left join encounters on usages.encounter_id = encounters.encounter_id
    left join items on usages.item_id = items.item_id
)

select
    usage_id,
    encounter_id,
    supply_item_sk,
    patient_sk,
    referring_provider_sk,
    service_line,
    used_at,
    used_date_key,
    quantity,
    unit_cost,
    supply_cost,
    {{ audit_columns() }}
from usages_keyed
