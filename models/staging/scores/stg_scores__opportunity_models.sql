with

source as (
    select * from {{ source('scores', 'opportunity_model') }}
),

renamed as (
    select
        model_name,
        target,
        features,
        cast(ridge_alpha as double) as ridge_alpha,
        cast(intercept as double) as intercept,
        cast(held_out_share as double) as held_out_share,
        cast(train_rows as integer) as train_rows,
        cast(test_rows as integer) as test_rows,
        cast(r2 as double) as r2,
        cast(mae as double) as mae,
        cast(baseline_r2 as double) as baseline_r2,
        cast(baseline_mae as double) as baseline_mae,
        cast(refit_rows as integer) as refit_rows,
        cast(predicted_rows as integer) as predicted_rows
    from source
)

select * from renamed
