{#
  How the comments' sentiment (VADER compound, -1 to +1) follows the overall rating. A comment is positive at
  or above var sentiment_positive_at and negative at or below sentiment_negative_at (VADER's own cut-offs);
  shares are over the surveys with a comment.
#}

with

feedback as (
    select * from {{ ref('fct_appointment_feedback') }}
),

by_rating as (
    select
        overall_rating,
        count(*) as surveys,
        count(sentiment_score) as commented_surveys,
        avg(sentiment_score) as avg_sentiment,
        sum(case when sentiment_score >= {{ var('sentiment_positive_at') }} then 1 else 0 end) as positive_comments,
        sum(case when sentiment_score <= {{ var('sentiment_negative_at') }} then 1 else 0 end) as negative_comments
    from feedback
    where overall_rating is not null
    group by overall_rating
)

select
    cast(overall_rating as integer) as overall_rating,
    cast(surveys as integer) as surveys,
    cast(commented_surveys as integer) as commented_surveys,
    cast(avg_sentiment as double) as avg_sentiment,
    cast(positive_comments as double) / nullif(commented_surveys, 0) as positive_share,
    cast(negative_comments as double) / nullif(commented_surveys, 0) as negative_share,
    {{ audit_columns() }}
from by_rating
