{#
  The thresholds the models and metrics apply, as set in dbt_project.yml vars
  (or --vars) for this build: the dashboard and the API read them here, so a
  caption saying "85% full" always states the threshold the numbers used.
#}

{% set thresholds = [
    ('stale_after_hours', 'advocacy', 'hours', 'An active case with no event or interaction for longer than this is stale.'),
    ('understaffed_ratio', 'patient_flow', 'ratio', "A weekday-hour whose share of the week's arrivals is this many times its share of the week's nurses, or more, is understaffed."),
    ('min_peak_arrivals_per_hour', 'patient_flow', 'arrivals per hour', 'A weekday-hour averaging fewer arrivals than this is too quiet to be an understaffed peak.'),
    ('high_occupancy', 'patient_flow', 'share of beds', 'Occupancy at or above this share of staffed beds is capacity pressure.'),
    ('low_satisfaction_score', 'patient_flow', 'score 1-5', 'A satisfaction score at or below this is an experience at risk.'),
    ('provider_score_min_rated_visits', 'telehealth', 'surveyed visits', 'A provider with fewer surveyed visits than this gets no performance score.'),
    ('provider_score_weight_rating', 'telehealth', 'weight', "Weight of the z-score of a provider's mean overall rating in the performance score."),
    ('provider_score_weight_no_show', 'telehealth', 'weight', "Weight of the z-score of a provider's no-show rate, subtracted in the performance score."),
    ('provider_score_weight_technical_issue', 'telehealth', 'weight', "Weight of the z-score of a provider's technical-issue rate, subtracted in the performance score."),
    ('provider_score_weight_volume', 'telehealth', 'weight', "Weight of the z-score of a provider's completed visits in the performance score."),
    ('provider_match_threshold', 'provider_growth', 'probability', "A CRM contact is matched to its best registry candidate when Splink's match probability is at or above this; below it the contact is quarantined as unmatched_provider."),
    ('referral_arrival_days', 'provider_growth', 'days', 'A referral order whose patient has not arrived in patient flow (same patient, referring provider and service line) within this many days has leaked; only orders whose whole window patient flow covers count.'),
] %}

with

thresholds as (
    {% for name, domain, unit, description in thresholds %}
        select
            '{{ name }}' as threshold,
            '{{ domain }}' as applies_to,
            cast({{ var(name) }} as double) as threshold_value,
            '{{ unit }}' as unit,
            '{{ description | replace("'", "''") }}' as description
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select
    threshold,
    applies_to,
    threshold_value,
    unit,
    description,
    {{ audit_columns() }}
from thresholds
