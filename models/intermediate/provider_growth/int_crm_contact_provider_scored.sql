{#
  The threshold applied once: a scored contact is matched when Splink's probability of its best candidate is at
  or above var provider_match_threshold. Read by the contact checks (unmatched_provider) and by the crosswalk.
#}

with

matches as (
    select * from {{ ref('stg_scores__provider_matches') }}
),

providers as (
    select * from {{ ref('dim_provider') }}
),

thresholded as (
    select
        matches.contact_id,
        matches.provider_id as candidate_provider_id,
        matches.match_probability,
        coalesce(matches.match_probability >= {{ var('provider_match_threshold') }}, false) as is_matched
    from matches
)

select
    thresholded.contact_id,
    case when thresholded.is_matched then providers.provider_id end as provider_id,
    case when thresholded.is_matched then providers.provider_sk end as provider_sk,
    thresholded.candidate_provider_id,
    thresholded.match_probability,
    thresholded.is_matched
from thresholded
left join providers
    on thresholded.candidate_provider_id = providers.provider_id
