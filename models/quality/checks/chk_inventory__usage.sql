{#-
  A supply use names a patient-flow encounter and an item of the supply catalog
  (seeds/provider_growth/inventory__supply_items.csv). The encounter must be one patient flow knows
  clean (its arrival event landed and passed: int_encounter_spans_found, as fct_patient_encounter counts
  encounters), and the use must fall within its stay: from the arrival to the discharge, or any time
  after the arrival while the patient is still in (no discharge yet).

  Without patient flow (the domain not loaded: provider growth built with only the registry and its own
  files) no encounter can be verified. Such a use is not passed as clean unchecked, nor called an unknown
  reference: it is quarantined as no_patient_flow, so reconciliation balances and the line loads on the
  first build that has patient flow.
-#}
{%- set patient_flow = namespace(is_loaded=true) -%}
{%- for domain in raw_domains_found() if domain.domain == 'patient_flow' -%}
    {%- set patient_flow.is_loaded = domain.is_loaded -%}
{%- endfor -%}
{%- if patient_flow.is_loaded -%}
    {%- set encounter_checks = [
        ['encounter_found is null', 'unknown_reference',
         "'encounter_id ' || encounter_id || ' is not among the clean encounters of patient flow'"],
        ['used_at < encounter_arrived_at or used_at > encounter_discharged_at', 'outside_stay',
         "'used_at ' || " ~ as_text('used_at') ~ " || ' is outside the stay from ' || " ~ as_text('encounter_arrived_at')
         ~ " || ' to ' || coalesce(" ~ as_text('encounter_discharged_at') ~ ", 'now')"],
    ] -%}
{%- else -%}
    {%- set encounter_checks = [
        ['encounter_id is not null', 'no_patient_flow',
         "'encounter_id ' || encounter_id || ' cannot be verified: the patient-flow domain is not loaded'"],
    ] -%}
{%- endif -%}
{{ checked_rows(
    staged_model='stg_inventory__usage',
    csv_base_model='base_inventory__usage',
    id_column='usage_id',
    columns=['usage_id', 'encounter_id', 'item_id', 'quantity', 'used_at'],
    required=['usage_id', 'encounter_id', 'item_id', 'quantity', 'used_at'],
    row_checks=[
        ['quantity <= 0', 'out_of_range', "'quantity ' || " ~ as_text('quantity') ~ " || ' is not positive'"],
    ],
    categories=[
        {'column': 'item_id', 'seed': 'inventory__supply_items'},
    ],
    lookups=[
        {'column': 'encounter_id', 'model': 'int_encounter_spans_found', 'key': 'encounter_id',
         'carry': {'encounter_found': 'encounter_id', 'encounter_arrived_at': 'arrived_at',
                   'encounter_discharged_at': 'discharged_at'}},
    ],
    later_checks=encounter_checks,
    timestamps=['used_at'],
) }}
