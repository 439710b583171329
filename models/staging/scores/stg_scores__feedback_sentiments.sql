with

source as (
    select * from {{ source('scores', 'feedback_sentiment') }}
),

renamed as (
    select
        -- ids
        feedback_id,

        -- numerics
        cast(sentiment_score as double) as sentiment_score
    from source
)

select * from renamed
