{#
  One row per service line of patient-flow encounters: the semantic-layer
  metrics by encounter__service_line, materialised by the scoring phase
  (scores.service_line_metrics). Supplies whose encounter is not in patient
  flow have no service line: the 'unknown' row.
#}

with

service_line_metrics as (
    select * from {{ ref('stg_scores__service_line_metrics') }}
)

select
    coalesce(service_line, 'unknown') as service_line,
    encounter_count as encounters,
    referral_volume,
    encounter_patients as patients,
    avg_cost_per_encounter as avg_cost,
    supplies_per_patient,
    supply_cost_per_patient,
    avg_satisfaction,
    avg_encounter_length_of_stay_hours as avg_length_of_stay_hours,
    {{ audit_columns() }}
from service_line_metrics
