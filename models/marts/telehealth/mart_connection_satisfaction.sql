{#
  The table of means behind "connection quality tracks satisfaction": every completed visit that has a
  survey, grouped by the connection quality the platform recorded for it. The correlation over the same
  visits is mart_connection_satisfaction_correlation.
#}

with

appointments as (
    select * from {{ ref('fct_appointment') }}
),

feedback as (
    select * from {{ ref('fct_appointment_feedback') }}
),

rated_visits as (
    select
        appointments.connection_quality,
        appointments.technical_issue,
        feedback.overall_rating,
        feedback.provider_rating,
        feedback.connection_rating
    from feedback
    inner join appointments on feedback.appointment_id = appointments.appointment_id
    where appointments.connection_quality is not null
),

levels as (
    select
        connection_quality,
        count(*) as rated_visits,
        avg(cast(overall_rating as double)) as mean_overall_rating,
        avg(cast(provider_rating as double)) as mean_provider_rating,
        avg(cast(connection_rating as double)) as mean_connection_rating,
        avg(case when technical_issue then 1e0 else 0e0 end) as technical_issue_share
    from rated_visits
    group by connection_quality
),

levels_with_share as (
    select
        connection_quality,
        rated_visits,
        rated_visits / sum(cast(rated_visits as double)) over () as share_of_rated_visits,
        mean_overall_rating,
        mean_provider_rating,
        mean_connection_rating,
        technical_issue_share
    from levels
)

select
    connection_quality,
    cast(rated_visits as integer) as rated_visits,
    share_of_rated_visits,
    mean_overall_rating,
    mean_provider_rating,
    mean_connection_rating,
    technical_issue_share,
    {{ audit_columns() }}
from levels_with_share
