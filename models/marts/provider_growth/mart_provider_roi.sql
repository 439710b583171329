{#
  One row per referring provider. Every metric column is the semantic-layer
  metric of the same meaning, materialised by the scoring phase
  (scores.opportunity_providers; healthcare_ops/scoring/snapshots.py), so its
  formula lives once. pipeline_stage is the stage of the provider's most
  recently created opportunity.
#}

with

provider_metrics as (
    select * from {{ ref('stg_scores__opportunity_providers') }}
),

providers as (
    select * from {{ ref('dim_provider') }}
),

opportunities as (
    select * from {{ ref('fct_opportunity') }}
),

latest_opportunities as (
    select
        provider_sk,
        stage_name,
        row_number() over (
            partition by provider_sk order by created_at desc, opportunity_id desc
        ) as recency_rank
    from opportunities
),

provider_roi as (
    select
        provider_metrics.provider_sk,
        coalesce(providers.specialty, 'unknown') as specialty,
        coalesce(providers.service_line, 'unknown') as service_line,
        providers.city as practice_city,
        providers.state as practice_state,
        provider_metrics.referral_volume,
        provider_metrics.referred_patients,
        provider_metrics.avg_encounter_length_of_stay_hours as avg_length_of_stay_hours,
        provider_metrics.avg_satisfaction,
        provider_metrics.avg_cost_per_encounter as avg_cost,
        provider_metrics.supplies_per_patient,
        provider_metrics.supply_cost_per_patient,
        provider_metrics.crm_contacts,
        provider_metrics.crm_activities,
        coalesce(latest_opportunities.stage_name, 'none') as pipeline_stage,
        provider_metrics.open_pipeline_amount,
        provider_metrics.expected_revenue,
        provider_metrics.opportunity_value_per_patient,
        provider_metrics.predicted_opportunity_value_per_patient,
        provider_metrics.residual,
        provider_metrics.is_modelled,
        provider_metrics.is_held_out,
        provider_metrics.referral_leakage_rate as leakage_rate
    from provider_metrics
    left join providers on provider_metrics.provider_sk = providers.provider_sk
    left join latest_opportunities
        on provider_metrics.provider_sk = latest_opportunities.provider_sk and latest_opportunities.recency_rank = 1
)

select
    provider_sk,
    specialty,
    service_line,
    practice_city,
    practice_state,
    referral_volume,
    referred_patients,
    avg_length_of_stay_hours,
    avg_satisfaction,
    avg_cost,
    supplies_per_patient,
    supply_cost_per_patient,
    crm_contacts,
    crm_activities,
    pipeline_stage,
    open_pipeline_amount,
    expected_revenue,
    opportunity_value_per_patient,
    predicted_opportunity_value_per_patient,
    residual,
    is_modelled,
    is_held_out,
    leakage_rate,
    {{ audit_columns() }}
from provider_roi
