with

source as (
    select * from {{ source('scores', 'referral_leakage_metrics') }}
),

renamed as (
    select
        provider_sk,
        service_line,
        cast(referral_orders as integer) as referral_orders,
        cast(observed_referral_orders as integer) as observed_referral_orders,
        cast(leaked_referral_orders as integer) as leaked_referral_orders,
        cast(referral_leakage_rate as double) as referral_leakage_rate
    from source
)

select * from renamed
