with

source as (
    select * from {{ source('scores', 'opportunity_providers') }}
),

renamed as (
    select
        provider_sk,
        cast(referral_volume as integer) as referral_volume,
        cast(referred_patients as integer) as referred_patients,
        cast(avg_encounter_length_of_stay_hours as double) as avg_encounter_length_of_stay_hours,
        cast(avg_satisfaction as double) as avg_satisfaction,
        cast(avg_cost_per_encounter as double) as avg_cost_per_encounter,
        cast(supplies_per_patient as double) as supplies_per_patient,
        cast(supply_cost_per_patient as double) as supply_cost_per_patient,
        cast(crm_contacts as integer) as crm_contacts,
        cast(crm_activities as integer) as crm_activities,
        cast(open_pipeline_amount as double) as open_pipeline_amount,
        cast(expected_revenue as double) as expected_revenue,
        cast(opportunity_value_per_patient as double) as opportunity_value_per_patient,
        cast(referral_leakage_rate as double) as referral_leakage_rate,
        cast(is_modelled as boolean) as is_modelled,
        cast(is_held_out as boolean) as is_held_out,
        cast(predicted_opportunity_value_per_patient as double) as predicted_opportunity_value_per_patient,
        cast(residual as double) as residual
    from source
)

select * from renamed
