with

source as (
    select * from {{ source('scores', 'service_line_metrics') }}
),

renamed as (
    select
        service_line,
        cast(encounter_count as integer) as encounter_count,
        cast(referral_volume as integer) as referral_volume,
        cast(encounter_patients as integer) as encounter_patients,
        cast(avg_cost_per_encounter as double) as avg_cost_per_encounter,
        cast(supplies_per_patient as double) as supplies_per_patient,
        cast(supply_cost_per_patient as double) as supply_cost_per_patient,
        cast(avg_satisfaction as double) as avg_satisfaction,
        cast(avg_encounter_length_of_stay_hours as double) as avg_encounter_length_of_stay_hours
    from source
)

select * from renamed
