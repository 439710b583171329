with

source as (
    select * from {{ source('scores', 'no_show_calibration') }}
),

renamed as (
    select
        -- ids
        model_name,
        cast(decile as integer) as decile,

        -- numerics
        cast(appointments as integer) as appointments,
        cast(no_shows as integer) as no_shows,
        cast(mean_predicted_risk as double) as mean_predicted_risk,
        cast(observed_no_show_rate as double) as observed_no_show_rate
    from source
)

select * from renamed
