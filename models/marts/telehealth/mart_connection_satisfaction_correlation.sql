{#
  How closely satisfaction follows the connection, over every completed visit with a survey: the
  Pearson correlation of connection quality (1-5, recorded by the platform) with the overall rating,
  and the least-squares slope (rating points per connection point). A constant column has no
  correlation: null, on either engine, rather than one engine's NaN. Both figures are rounded to 4
  decimals: beyond that the engines' floating-point sums differ.
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
        cast(appointments.connection_quality as double) as connection_quality,
        cast(feedback.overall_rating as double) as overall_rating
    from feedback
    inner join appointments on feedback.appointment_id = appointments.appointment_id
    where appointments.connection_quality is not null
),

moments as (
    select
        count(*) as rated_visits,
        var_pop(connection_quality) as connection_variance,
        var_pop(overall_rating) as rating_variance,
        covar_pop(connection_quality, overall_rating) as covariance
    from rated_visits
),

correlation as (
    select
        rated_visits,
        case
            when connection_variance > 0 and rating_variance > 0
                then covariance / sqrt(connection_variance * rating_variance)
        end as pearson_correlation,
        case when connection_variance > 0 then covariance / connection_variance end as rating_per_connection_point
    from moments
    -- no row without rated visits (a warehouse without the telehealth domain), like the other marts
    where rated_visits > 0
)

select
    cast(rated_visits as integer) as rated_visits,
    round(pearson_correlation, 4) as pearson_correlation,
    round(rating_per_connection_point, 4) as rating_per_connection_point,
    {{ audit_columns() }}
from correlation
