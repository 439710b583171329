with

cases as (
    select * from {{ ref('int_cases_validated') }}
),

events as (
    select * from {{ ref('int_case_events_validated') }}
),

interactions as (
    select * from {{ ref('int_interactions_validated') }}
),

feedback as (
    select * from {{ ref('int_patient_feedback_validated') }}
),

export_clock as (
    select
        {% if var('as_of') -%}
        cast('{{ var("as_of") }}' as {{ dbt.type_timestamp() }})
        {%- else -%}
        -- the export's "now" is its latest recorded activity
            greatest(
                (select max(created_at) from cases),
                coalesce((select max(event_at) from events), (select max(created_at) from cases)),
                coalesce((select max(occurred_at) from interactions), (select max(created_at) from cases))
            )
        {%- endif %} as as_of_at
),

event_milestones as (
    select
        case_id,
        min(case when event_type = 'first_response' then event_at end) as first_response_at,
        max(case when event_type = 'resolved' then event_at end) as last_resolved_at,
        sum(case when event_type = 'reassigned' then 1 else 0 end) as reassignment_count,
        sum(case when event_type = 'escalated' then 1 else 0 end) > 0 as was_escalated,
        sum(case when event_type = 'reopened' then 1 else 0 end) > 0 as was_reopened,
        sum(case when event_type = 'resolved' then 1 else 0 end) > 0 as was_ever_resolved,
        max(event_at) as last_event_at
    from events
    group by case_id
),

interaction_totals as (
    select
        case_id,
        count(*) as interaction_count,
        sum(duration_minutes) as interaction_minutes,
        max(occurred_at) as last_interaction_at
    from interactions
    group by case_id
),

-- a patient may answer more than one survey for a case; the latest stands
feedback_ranked as (
    select
        case_id,
        csat,
        row_number() over (partition by case_id order by submitted_at desc, feedback_id desc) as recency_rank
    from feedback
),

latest_feedback as (
    select
        case_id,
        csat
    from feedback_ranked
    where recency_rank = 1
),

case_timings as (
    select
        cases.case_id,
        export_clock.as_of_at,
        event_milestones.first_response_at,
        -- only a case that is resolved now has a resolution time; a reopened
        -- case waits for its next resolution
        case when cases.status = 'resolved' then event_milestones.last_resolved_at end as resolved_at,
        {{ dbt.safe_cast('coalesce(event_milestones.reassignment_count, 0)', api.Column.translate_type('integer')) }} as reassignment_count,
        coalesce(event_milestones.was_escalated, false) as was_escalated,
        coalesce(event_milestones.was_reopened, false) as was_reopened,
        coalesce(event_milestones.was_ever_resolved, false) as was_ever_resolved,
        {{ dbt.safe_cast('coalesce(interaction_totals.interaction_count, 0)', api.Column.translate_type('integer')) }} as interaction_count,
        coalesce(interaction_totals.interaction_minutes, 0) as interaction_minutes,
        greatest(
            cases.created_at,
            coalesce(event_milestones.last_event_at, cases.created_at),
            coalesce(interaction_totals.last_interaction_at, cases.created_at)
        ) as last_touch_at,
        latest_feedback.csat
    from cases
    cross join export_clock
    left join event_milestones on cases.case_id = event_milestones.case_id
    left join interaction_totals on cases.case_id = interaction_totals.case_id
    left join latest_feedback on cases.case_id = latest_feedback.case_id
)

select * from case_timings
