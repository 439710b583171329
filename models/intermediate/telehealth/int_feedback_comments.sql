{# The surveys' comments, as a table the scoring phase reads for their sentiment (healthcare_ops/scoring/sentiment.py). #}

with

feedback as (
    select * from {{ ref('int_appointment_feedback_validated') }}
)

select
    feedback_id,
    overall_rating,
    comment
from feedback
