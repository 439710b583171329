{#
  How well the provider matching did at this build's threshold (README, "Provider growth: matching"), judged
  against the generator's truth: precision is the share of matched contacts matched to their true provider,
  recall the share of contacts that are a registry provider matched to it. Contacts the truth does not know
  are counted, not judged; without a truth (a user's own export) precision, recall and f1 are null.
#}

with

crosswalk as (
    select * from {{ ref('int_crm_contact_provider_matched') }}
),

truth as (
    select * from {{ ref('stg_scores__provider_match_truths') }}
),

judged as (
    select
        crosswalk.contact_id,
        crosswalk.is_matched,
        truth.contact_id is not null as is_known,
        truth.true_provider_id is not null as is_true_pair,
        crosswalk.is_matched and crosswalk.provider_id = truth.true_provider_id as is_correct
    from crosswalk
    left join truth
        on crosswalk.contact_id = truth.contact_id
),

counted as (
    select
        count(*) as crm_contacts,
        count(case when is_matched then 1 end) as matched_contacts,
        count(case when not is_matched then 1 end) as unmatched_contacts,
        count(case when is_known then 1 end) as judged_contacts,
        count(case when is_known and is_matched then 1 end) as judged_matches,
        count(case when is_true_pair then 1 end) as true_pairs,
        count(case when is_correct then 1 end) as correct_matches
    from judged
),

rated as (
    select
        crm_contacts,
        matched_contacts,
        unmatched_contacts,
        judged_contacts,
        true_pairs,
        correct_matches,
        case when judged_matches > 0 then cast(correct_matches as double) / judged_matches end as match_precision,
        case when true_pairs > 0 then cast(correct_matches as double) / true_pairs end as match_recall
    from counted
)

select
    cast({{ var('provider_match_threshold') }} as double) as match_threshold,
    cast(crm_contacts as bigint) as crm_contacts,
    cast(matched_contacts as bigint) as matched_contacts,
    cast(unmatched_contacts as bigint) as unmatched_contacts,
    cast(judged_contacts as bigint) as judged_contacts,
    cast(true_pairs as bigint) as true_pairs,
    cast(correct_matches as bigint) as correct_matches,
    cast(match_precision as double) as match_precision,
    cast(match_recall as double) as match_recall,
    cast(
        case
            when match_precision + match_recall > 0
                then 2 * match_precision * match_recall / (match_precision + match_recall)
        end as double
    ) as match_f1,
    {{ audit_columns() }}
from rated
