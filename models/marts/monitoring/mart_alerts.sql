{#
  Seed 001's monitoring layer: one row per alert (README, "Monitoring").

  Count and rate checks: the scored windows of int_check_windows_scored whose
  severity is set. Windows end on every day, so one anomaly flags a run of
  consecutive windows (every window overlapping it): the run is one alert,
  told by its worst window (largest |z|), with how many windows it spans.

  Late data: each dated raw source whose newest record lags the build's as-of
  by more than is normal for it: warning at warn_at times its longest silence
  between two records over the period_days before the as-of
  (int_raw_sources_dated), critical at critical_at times. Scaled by each
  source's own rhythm, a sparse survey feed quiet every weekend is not late on
  a Sunday, and a stream that never pauses an hour is late after two. A
  source of a loaded domain with no clean record at all is critical.

  An alert is open while its period ended no more than open_days (seed)
  before the as-of's day: a late source is always open; a week's volume drop
  stays open for the week after it.
#}

with

windows as (
    select * from {{ ref('int_check_windows_scored') }}
),

sources as (
    select * from {{ ref('int_raw_sources_dated') }}
),

thresholds as (
    select * from {{ ref('monitoring__thresholds') }}
),

export_clock as (
    select max(as_of_at) as as_of_at from sources
),

flagged_windows as (
    select
        windows.*,
        {{ dbt.datediff("cast('2000-01-01' as date)", 'period_end', 'day') }}
        - row_number() over (
            partition by windows.check_name, windows.subject, windows.deviation
            order by windows.period_end
        ) as run_key
    from windows
    where windows.severity is not null
),

runs_ranked as (
    select
        flagged_windows.*,
        count(*) over (
            partition by
                flagged_windows.check_name, flagged_windows.subject, flagged_windows.deviation, flagged_windows.run_key
        ) as windows_flagged,
        row_number() over (
            partition by
                flagged_windows.check_name, flagged_windows.subject, flagged_windows.deviation, flagged_windows.run_key
            order by abs(flagged_windows.z_score) desc, flagged_windows.period_end
        ) as rank_in_run
    from flagged_windows
),

window_alerts as (
    select
        check_name,
        subject,
        severity,
        deviation,
        period_start,
        period_end,
        observed_value,
        case
            when check_name = 'appointment_volume' then 'appointments'
            when check_name = 'no_show_rate' then 'share of due appointments'
            else 'share of appointments'
        end as value_unit,
        expected_value,
        expected_low,
        expected_high,
        expected_value + case when severity = 'critical' then critical_at else warn_at end
        * standard_error * case when deviation = 'below' then -1 else 1 end as threshold_value,
        case when severity = 'critical' then critical_at else warn_at end as threshold,
        threshold_unit,
        z_score,
        period_volume,
        baseline_start,
        baseline_end,
        windows_flagged,
        open_days
    from runs_ranked
    where rank_in_run = 1
),

late_sources as (
    select
        thresholds.check_name,
        sources.raw_source as subject,
        sources.newest_record_at,
        sources.as_of_at,
        {{ hours_between('sources.newest_record_at', 'sources.as_of_at') }} as lag_hours,
        -- a lag is normal up to the source's own longest recent silence (int_raw_sources_dated); a source
        -- with fewer than two records in that time has been silent all of it
        thresholds.warn_at * coalesce(sources.longest_gap_hours, thresholds.period_days * 24e0) as warn_hours,
        thresholds.critical_at * coalesce(sources.longest_gap_hours, thresholds.period_days * 24e0) as critical_hours,
        thresholds.warn_at,
        thresholds.critical_at,
        thresholds.threshold_unit,
        thresholds.open_days
    from sources
    inner join thresholds
        on
            thresholds.check_name = 'late_data'
            and sources.raw_source = thresholds.subject
),

late_sources_graded as (
    select
        late_sources.*,
        case
            when late_sources.newest_record_at is null then 'critical'
            when late_sources.lag_hours >= late_sources.critical_hours then 'critical'
            when late_sources.lag_hours >= late_sources.warn_hours then 'warning'
        end as severity
    from late_sources
),

late_alerts as (
    select
        check_name,
        subject,
        severity,
        'above' as deviation,
        coalesce(cast(newest_record_at as date), cast(as_of_at as date)) as period_start,
        cast(as_of_at as date) as period_end,
        lag_hours as observed_value,
        'hours' as value_unit,
        cast(null as double) as expected_value,
        0e0 as expected_low,
        warn_hours as expected_high,
        case when severity = 'critical' then critical_hours else warn_hours end as threshold_value,
        cast(case when severity = 'critical' then critical_at else warn_at end as double) as threshold,
        threshold_unit,
        cast(null as double) as z_score,
        cast(null as {{ dbt.type_bigint() }}) as period_volume,
        cast(null as date) as baseline_start,
        cast(null as date) as baseline_end,
        1 as windows_flagged,
        open_days
    from late_sources_graded
    where severity is not null
),

alerts as (
    select * from window_alerts
    union all
    select * from late_alerts
),

alerts_told as (
    select
        alerts.*,
        export_clock.as_of_at as detected_at,
        {{ dbt.datediff('alerts.period_end', 'cast(export_clock.as_of_at as date)', 'day') }}
        <= alerts.open_days as is_open,
        case
            when alerts.check_name = 'late_data' and alerts.observed_value is null
                then
                    {{ dbt.concat(["alerts.subject", "': no clean record at all (every row quarantined, or the file is empty)'"]) }}
            when alerts.check_name = 'late_data'
                then
                {{ dbt.concat([
                    "alerts.subject", "': newest record is '", number_text('alerts.observed_value', 1),
                    "' hours older than the as-of, past the '", number_text('alerts.threshold_value', 1),
                    "' hours allowed ('", number_text('alerts.threshold', 1),
                    "' times its longest recent silence); last record on '", as_text('alerts.period_start'),
                ]) }}
            when alerts.value_unit = 'appointments'
                then
                {{ dbt.concat([
                    "'Appointments scheduled '", as_text('alerts.period_start'), "' to '", as_text('alerts.period_end'),
                    "': '", number_text('alerts.observed_value', 0), "', '", "alerts.deviation",
                    "' the expected '", number_text('alerts.expected_low', 0), "'-'", number_text('alerts.expected_high', 0),
                    "' (baseline mean '", number_text('alerts.expected_value', 1), "', '",
                    number_text('abs(alerts.z_score)', 1), "' standard errors off)'",
                ]) }}
            else
                {{ dbt.concat([
                    "case when alerts.check_name = 'no_show_rate' then 'No-show rate ' else 'Technical-issue rate ' end",
                    as_text('alerts.period_start'), "' to '", as_text('alerts.period_end'),
                    "': '", number_text('100 * alerts.observed_value', 1), "'% of '", as_text('alerts.period_volume'),
                    "', '", "alerts.deviation", "' the expected '", number_text('100 * alerts.expected_low', 1), "'-'",
                    number_text('100 * alerts.expected_high', 1), "'% (baseline '", number_text('100 * alerts.expected_value', 1),
                    "'%, '", number_text('abs(alerts.z_score)', 1), "' standard errors off)'",
                ]) }}
        end as message
    from alerts
    cross join export_clock
)

select
    cast({{ dbt.concat(["check_name", "'|'", "subject", "'|'", as_text('period_start')]) }} as {{ dbt.type_string() }})
        as alert_id,
    cast(check_name as {{ dbt.type_string() }}) as check_name,
    cast(subject as {{ dbt.type_string() }}) as subject,
    cast(severity as {{ dbt.type_string() }}) as severity,
    cast(deviation as {{ dbt.type_string() }}) as deviation,
    period_start,
    period_end,
    detected_at,
    is_open,
    observed_value,
    cast(value_unit as {{ dbt.type_string() }}) as value_unit,
    expected_value,
    expected_low,
    expected_high,
    threshold_value,
    cast(threshold as double) as threshold,
    cast(threshold_unit as {{ dbt.type_string() }}) as threshold_unit,
    z_score,
    period_volume,
    baseline_start,
    baseline_end,
    cast(windows_flagged as {{ dbt.type_int() }}) as windows_flagged,
    cast(message as {{ dbt.type_string() }}) as message,
    {{ audit_columns() }}
from alerts_told
