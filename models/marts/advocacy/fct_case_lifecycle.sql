with

cases as (
    select * from {{ ref('int_cases_validated') }}
),

case_timings as (
    select * from {{ ref('int_case_timings_computed') }}
),

case_types as (
    select * from {{ ref('advocacy__case_types') }}
),

case_statuses as (
    select * from {{ ref('advocacy__case_statuses') }}
),

patients as (
    select * from {{ ref('dim_patient') }}
),

advocates as (
    select * from {{ ref('dim_advocate') }}
),

cases_timed as (
    select
        cases.case_id,
        coalesce(patients.patient_sk, {{ missing_member_key() }}) as patient_sk,
        coalesce(advocates.advocate_sk, {{ missing_member_key() }}) as advocate_sk,
        cases.case_type,
        cases.priority,
        cases.status,
        case_statuses.is_active,
        cases.created_at,
        cast(cases.created_at as date) as created_date,
        case_timings.first_response_at,
        case_timings.resolved_at,
        case_timings.last_touch_at,
        {{ hours_between('cases.created_at', 'case_timings.first_response_at') }} as hours_to_first_response,
        {{ days_between('cases.created_at', 'case_timings.resolved_at') }} as days_to_resolution,
        -- open cases keep the SLA clock running up to the export's "now"
        {{ hours_between('cases.created_at', 'coalesce(case_timings.resolved_at, case_timings.as_of_at)') }} as hours_open,
        {{ hours_between('case_timings.last_touch_at', 'case_timings.as_of_at') }} as hours_since_last_touch,
        case_timings.interaction_count,
        case_timings.reassignment_count,
        cases.handoff_count,
        cases.complexity,
        cases.intake_source,
        cases.has_missing_docs,
        case_timings.was_escalated,
        case_timings.was_reopened,
        case_timings.was_ever_resolved,
        case_types.sla_hours,
        (
            {{ iso_day_of_week('cases.created_at') }} >= 6
            or {{ hour_of_day('cases.created_at') }} < {{ var('business_hours_start') }}
            or {{ hour_of_day('cases.created_at') }} >= {{ var('business_hours_end') }}
        ) as is_out_of_hours,
        case_timings.csat
    from cases
    inner join case_timings on cases.case_id = case_timings.case_id
    inner join case_types on cases.case_type = case_types.case_type
    inner join case_statuses on cases.status = case_statuses.status
    left join patients on cases.patient_id = patients.patient_id
    left join advocates on cases.advocate_id = advocates.advocate_id
)

select
    case_id,
    patient_sk,
    advocate_sk,
    case_type,
    priority,
    status,
    is_active,
    created_at,
    created_date,
    first_response_at,
    resolved_at,
    last_touch_at,
    hours_to_first_response,
    days_to_resolution,
    interaction_count,
    reassignment_count,
    handoff_count,
    complexity,
    intake_source,
    has_missing_docs,
    was_escalated,
    was_reopened,
    was_ever_resolved,
    sla_hours,
    hours_open > sla_hours as sla_breached,
    is_active and hours_since_last_touch > {{ var('stale_after_hours') }} as is_stale,
    hours_since_last_touch,
    is_out_of_hours,
    csat,
    {{ audit_columns() }}
from cases_timed
