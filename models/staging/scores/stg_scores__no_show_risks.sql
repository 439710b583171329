with

source as (
    select * from {{ source('scores', 'no_show_risk') }}
),

renamed as (
    select
        -- ids
        appointment_id,
        model_name,

        -- numerics
        cast(risk_score as double) as risk_score,
        cast(risk_decile as integer) as risk_decile,

        -- strings
        reason_1,
        reason_2,
        reason_3
    from source
)

select * from renamed
