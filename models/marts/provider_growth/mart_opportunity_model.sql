with

models as (
    select * from {{ ref('stg_scores__opportunity_models') }}
)

select
    model_name,
    target,
    features,
    ridge_alpha,
    intercept,
    held_out_share,
    train_rows,
    test_rows,
    r2,
    mae,
    baseline_r2,
    baseline_mae,
    refit_rows,
    predicted_rows,
    {{ audit_columns() }}
from models
