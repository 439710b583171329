with

source as (
    select * from {{ source('scores', 'no_show_model') }}
),

renamed as (
    select
        -- ids and strings
        model_name,
        model_description,
        features,

        -- dates
        training_cutoff,

        -- numerics
        cast(train_rows as integer) as train_rows,
        cast(train_no_shows as integer) as train_no_shows,
        cast(test_rows as integer) as test_rows,
        cast(test_no_shows as integer) as test_no_shows,
        cast(test_no_show_rate as double) as test_no_show_rate,
        cast(auc as double) as auc,
        cast(baseline_auc as double) as baseline_auc,
        cast(auc_gain as double) as auc_gain,
        cast(top_decile_no_show_rate as double) as top_decile_no_show_rate,
        cast(top_decile_lift as double) as top_decile_lift,
        cast(refit_rows as integer) as refit_rows,
        cast(scored_rows as integer) as scored_rows
    from source
)

select * from renamed
