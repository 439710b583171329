{#
  The providers with telehealth appointments (a warehouse without the telehealth domain has none), and
  their performance score. A provider with at least var provider_score_min_rated_visits surveyed
  visits is scored (fewer: too few to judge, score null). Over the scored providers each component is
  standardised to a z-score (value - mean) / population standard deviation, and the score is

      w_rating * z(mean overall rating) - w_no_show * z(no-show rate)
      - w_technical_issue * z(technical-issue rate) + w_volume * z(completed visits)

  with the weights in vars provider_score_weight_*. 0 is the typical scored provider; a component that
  does not vary across them (standard deviation 0) adds 0. Rank 1 is the best score; z-scores and score
  are rounded to 4 decimals, so providers level to that precision share a rank.
#}

with

providers as (
    select * from {{ ref('dim_provider') }}
),

appointments as (
    select * from {{ ref('fct_appointment') }}
),

feedback as (
    select * from {{ ref('fct_appointment_feedback') }}
),

appointment_counts as (
    select
        provider_sk,
        sum(case when status <> 'scheduled' then 1 else 0 end) as past_appointments,
        sum(case when is_due then 1 else 0 end) as due_appointments,
        sum(case when status = 'completed' then 1 else 0 end) as completed_visits,
        sum(case when is_no_show then 1 else 0 end) as no_shows,
        sum(case when technical_issue then 1 else 0 end) as technical_issues
    from appointments
    group by provider_sk
),

rating_counts as (
    select
        provider_sk,
        count(*) as rated_visits,
        avg(cast(overall_rating as double)) as mean_overall_rating
    from feedback
    group by provider_sk
),

provider_figures as (
    select
        providers.provider_sk,
        providers.provider_id,
        providers.provider_name,
        providers.specialty,
        appointment_counts.past_appointments,
        appointment_counts.due_appointments,
        appointment_counts.completed_visits,
        appointment_counts.no_shows,
        appointment_counts.technical_issues,
        coalesce(rating_counts.rated_visits, 0) as rated_visits,
        rating_counts.mean_overall_rating,
        cast(appointment_counts.no_shows as double)
        / nullif(appointment_counts.due_appointments, 0) as no_show_rate,
        cast(appointment_counts.technical_issues as double)
        / nullif(appointment_counts.past_appointments, 0) as technical_issue_rate,
        coalesce(rating_counts.rated_visits, 0) >= {{ var('provider_score_min_rated_visits') }} as is_scored
    from providers
    inner join appointment_counts on providers.provider_sk = appointment_counts.provider_sk
    left join rating_counts on providers.provider_sk = rating_counts.provider_sk
    where providers.provider_sk <> {{ missing_member_key() }}
),

scored_spread as (
    select
        avg(mean_overall_rating) as rating_mean,
        stddev_pop(mean_overall_rating) as rating_sd,
        avg(no_show_rate) as no_show_mean,
        stddev_pop(no_show_rate) as no_show_sd,
        avg(technical_issue_rate) as technical_issue_mean,
        stddev_pop(technical_issue_rate) as technical_issue_sd,
        avg(cast(completed_visits as double)) as volume_mean,
        stddev_pop(cast(completed_visits as double)) as volume_sd
    from provider_figures
    where is_scored
),

z_scores as (
    select
        provider_figures.*,
        case when provider_figures.is_scored then coalesce(
            (provider_figures.mean_overall_rating - scored_spread.rating_mean) / nullif(scored_spread.rating_sd, 0), 0
        ) end as rating_z,
        case when provider_figures.is_scored then coalesce(
            (provider_figures.no_show_rate - scored_spread.no_show_mean) / nullif(scored_spread.no_show_sd, 0), 0
        ) end as no_show_z,
        case when provider_figures.is_scored then coalesce(
            (provider_figures.technical_issue_rate - scored_spread.technical_issue_mean)
            / nullif(scored_spread.technical_issue_sd, 0),
            0
        ) end as technical_issue_z,
        case when provider_figures.is_scored then coalesce(
            (provider_figures.completed_visits - scored_spread.volume_mean) / nullif(scored_spread.volume_sd, 0), 0
        ) end as volume_z
    from provider_figures
    cross join scored_spread
),

standardized as (
    select
        provider_sk,
        provider_id,
        provider_name,
        specialty,
        past_appointments,
        due_appointments,
        completed_visits,
        no_shows,
        technical_issues,
        rated_visits,
        mean_overall_rating,
        no_show_rate,
        technical_issue_rate,
        is_scored,
        round(rating_z, 4) as rating_z,
        round(no_show_z, 4) as no_show_z,
        round(technical_issue_z, 4) as technical_issue_z,
        round(volume_z, 4) as volume_z
    from z_scores
),

scored as (
    select
        *,
        round(
            {{ var('provider_score_weight_rating') }} * rating_z
            - {{ var('provider_score_weight_no_show') }} * no_show_z
            - {{ var('provider_score_weight_technical_issue') }} * technical_issue_z
            + {{ var('provider_score_weight_volume') }} * volume_z,
            4
        ) as performance_score
    from standardized
),

ranked as (
    select
        *,
        case when is_scored then rank() over (partition by is_scored order by performance_score desc) end as score_rank
    from scored
)

select
    provider_sk,
    provider_id,
    provider_name,
    specialty,
    cast(past_appointments as integer) as past_appointments,
    cast(due_appointments as integer) as due_appointments,
    cast(completed_visits as integer) as completed_visits,
    cast(no_shows as integer) as no_shows,
    cast(technical_issues as integer) as technical_issues,
    cast(rated_visits as integer) as rated_visits,
    mean_overall_rating,
    no_show_rate,
    technical_issue_rate,
    is_scored,
    rating_z,
    no_show_z,
    technical_issue_z,
    volume_z,
    performance_score,
    cast(score_rank as integer) as score_rank,
    {{ audit_columns() }}
from ranked
