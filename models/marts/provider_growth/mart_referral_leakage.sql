{#
  One row per referring provider and service line of its referral orders: the
  leakage metrics materialised by the scoring phase
  (scores.referral_leakage_metrics).
#}

with

leakage_metrics as (
    select * from {{ ref('stg_scores__referral_leakage_metrics') }}
),

providers as (
    select * from {{ ref('dim_provider') }}
)

select
    leakage_metrics.provider_sk,
    coalesce(leakage_metrics.service_line, 'unknown') as service_line,
    coalesce(providers.specialty, 'unknown') as specialty,
    leakage_metrics.referral_orders,
    leakage_metrics.observed_referral_orders,
    leakage_metrics.leaked_referral_orders,
    leakage_metrics.referral_leakage_rate as leakage_rate,
    {{ audit_columns() }}
from leakage_metrics
left join providers on leakage_metrics.provider_sk = providers.provider_sk
