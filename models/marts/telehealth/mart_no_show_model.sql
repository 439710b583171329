with

models as (
    select * from {{ ref('stg_scores__no_show_models') }}
)

select
    model_name,
    model_description,
    features,
    training_cutoff,
    train_rows,
    train_no_shows,
    test_rows,
    test_no_shows,
    test_no_show_rate,
    auc,
    baseline_auc,
    auc_gain,
    top_decile_no_show_rate,
    top_decile_lift,
    refit_rows,
    scored_rows,
    {{ audit_columns() }}
from models
