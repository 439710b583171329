{#
  A referral order, and whether the patient arrived for it: an encounter of the
  same patient, referred by the same provider, in the same service line,
  arriving from the order's time until var referral_arrival_days days after it
  (the first such encounter). An order can only be called leaked when patient
  flow covers its whole window: placed on or after the first arrival in patient
  flow (an earlier order may have arrived before the data begins) and its
  window closed by the latest arrival (a younger order is still open).
#}

with

referrals as (
    select * from {{ ref('int_referrals_validated') }}
),

encounters as (
    select * from {{ ref('fct_patient_encounter') }}
),

patients as (
    select * from {{ ref('dim_patient') }}
),

providers as (
    select * from {{ ref('dim_provider') }}
),

data_span as (
    select
        min(arrival_at) as data_starts_at,
        max(arrival_at) as data_ends_at
    from encounters
),

orders as (
    select
        referrals.referral_id,
        referrals.patient_id,
        coalesce(patients.patient_sk, {{ missing_member_key() }}) as patient_sk,
        coalesce(providers.provider_sk, {{ missing_member_key() }}) as referring_provider_sk,
        referrals.service_line,
        referrals.referred_at,
        {{ dbt.dateadd('day', var('referral_arrival_days'), 'referrals.referred_at') }} as window_closes_at
    from referrals
    left join patients on referrals.patient_id = patients.patient_id
    left join providers on referrals.referring_provider_id = providers.provider_id
),

arrivals_in_window as (
    select
        orders.referral_id,
        encounters.encounter_id,
        encounters.arrival_at,
        row_number() over (
            partition by orders.referral_id order by encounters.arrival_at, encounters.encounter_id
        ) as arrival_rank
    from orders
    inner join encounters
        on
            orders.patient_sk = encounters.patient_sk
            and orders.referring_provider_sk = encounters.referring_provider_sk
            and orders.service_line = encounters.service_line
            and orders.referred_at <= encounters.arrival_at
            and orders.window_closes_at > encounters.arrival_at
    where orders.patient_sk <> {{ missing_member_key() }}
),

orders_followed as (
    select
        orders.referral_id,
        orders.patient_sk,
        orders.referring_provider_sk,
        orders.service_line,
        orders.referred_at,
        cast(orders.referred_at as date) as referred_date_key,
        arrivals_in_window.encounter_id as arrival_encounter_id,
        arrivals_in_window.arrival_at,
        {{ days_between('orders.referred_at', 'arrivals_in_window.arrival_at') }} as days_to_arrival,
        arrivals_in_window.encounter_id is not null as has_arrived,
        coalesce(
            orders.referred_at >= data_span.data_starts_at and orders.window_closes_at <= data_span.data_ends_at,
            false
        ) as is_window_observed
    from orders
    cross join data_span
    left join arrivals_in_window
        on orders.referral_id = arrivals_in_window.referral_id and arrivals_in_window.arrival_rank = 1
)

select
    referral_id,
    patient_sk,
    referring_provider_sk,
    service_line,
    referred_at,
    referred_date_key,
    arrival_encounter_id,
    arrival_at,
    days_to_arrival,
    has_arrived,
    is_window_observed,
    is_window_observed and not has_arrived as is_leaked,
    {{ audit_columns() }}
from orders_followed
