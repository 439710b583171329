{#
  Every window of every count or rate check, scored against its baseline
  (seeds/monitoring/monitoring__thresholds.csv; README, "Monitoring").

  A window is period_days consecutive days, one ending on each day. Its
  baseline is the baseline_periods windows of the same length just before it
  (ending period_days, 2 x period_days, ... days earlier): together the
  period_days x baseline_periods days before the window, none overlapping it.
  A window is scored only when it and its whole baseline lie in the measured
  days, and when it has min_volume (a count check: expected count; a rate
  check: the window's denominator).

  The rule. expected is the baseline's mean count, or its pooled rate. The
  standard error is the larger of two: the model's (Poisson: a count's
  variance is its mean; binomial: p(1 - p)/n for the window's n) and the
  baseline's own spread (the sample variance of its windows' values), so a
  seasonal or overdispersed series does not ring on every bump. Both include
  the baseline mean's own error (x (1 + 1/baseline_periods); for a rate,
  1/n + 1/n of the baseline). z = (observed - expected) / standard error.
  A window is a warning at |z| >= warn_at and critical at |z| >= critical_at,
  in the direction(s) the seed allows.
#}

with

days as (
    select * from {{ ref('int_check_days_counted') }}
),

thresholds as (
    select * from {{ ref('monitoring__thresholds') }}
    where measure in ('count', 'rate')
),

days_numbered as (
    select
        check_name,
        subject,
        measure_day,
        {{ dbt.datediff("cast('2000-01-01' as date)", 'measure_day', 'day') }}
            as day_number,
        events,
        exposures
    from days
),

windows as (
    select
        window_ends.check_name,
        window_ends.subject,
        window_ends.day_number as end_number,
        min(window_days.measure_day) as period_start,
        max(window_days.measure_day) as period_end,
        sum(window_days.events) as events,
        sum(window_days.exposures) as exposures
    from days_numbered as window_ends
    inner join thresholds
        on
            window_ends.check_name = thresholds.check_name
            and window_ends.subject = thresholds.subject
    inner join days_numbered as window_days
        on
            window_ends.check_name = window_days.check_name
            and window_ends.subject = window_days.subject
            and window_days.day_number between window_ends.day_number - thresholds.period_days + 1
            and window_ends.day_number
    group by window_ends.check_name, window_ends.subject, window_ends.day_number, thresholds.period_days
    having count(*) = thresholds.period_days
),

windows_valued as (
    select
        windows.*,
        case
            when thresholds.measure = 'count' then cast(windows.events as double)
            else cast(windows.events as double) / nullif(windows.exposures, 0)
        end as observed_value
    from windows
    inner join thresholds
        on
            windows.check_name = thresholds.check_name
            and windows.subject = thresholds.subject
),

baselines as (
    select
        windows_valued.check_name,
        windows_valued.subject,
        windows_valued.end_number,
        count(*) as baseline_windows,
        min(baseline_windows.period_start) as baseline_start,
        max(baseline_windows.period_end) as baseline_end,
        sum(baseline_windows.events) as baseline_events,
        sum(baseline_windows.exposures) as baseline_exposures,
        var_samp(baseline_windows.observed_value) as baseline_variance
    from windows_valued
    inner join thresholds
        on
            windows_valued.check_name = thresholds.check_name
            and windows_valued.subject = thresholds.subject
    inner join windows_valued as baseline_windows
        on
            windows_valued.check_name = baseline_windows.check_name
            and windows_valued.subject = baseline_windows.subject
            and windows_valued.end_number - baseline_windows.end_number
            between thresholds.period_days and thresholds.period_days * thresholds.baseline_periods
            and (windows_valued.end_number - baseline_windows.end_number) % thresholds.period_days = 0
    group by
        windows_valued.check_name,
        windows_valued.subject,
        windows_valued.end_number,
        thresholds.baseline_periods
    having count(*) = thresholds.baseline_periods
),

expectations as (
    select
        windows_valued.check_name,
        windows_valued.subject,
        windows_valued.period_start,
        windows_valued.period_end,
        baselines.baseline_start,
        baselines.baseline_end,
        thresholds.measure,
        thresholds.direction,
        thresholds.warn_at,
        thresholds.critical_at,
        thresholds.threshold_unit,
        thresholds.open_days,
        windows_valued.observed_value,
        case when thresholds.measure = 'count' then windows_valued.events else windows_valued.exposures end
            as period_volume,
        case
            when thresholds.measure = 'count' then cast(baselines.baseline_events as double) / baselines.baseline_windows
            else cast(baselines.baseline_events as double) / nullif(baselines.baseline_exposures, 0)
        end as expected_value,
        baselines.baseline_variance * (1 + 1e0 / baselines.baseline_windows) as spread_variance,
        thresholds.min_volume,
        windows_valued.exposures,
        baselines.baseline_windows,
        baselines.baseline_exposures
    from windows_valued
    inner join baselines
        on
            windows_valued.check_name = baselines.check_name
            and windows_valued.subject = baselines.subject
            and windows_valued.end_number = baselines.end_number
    inner join thresholds
        on
            windows_valued.check_name = thresholds.check_name
            and windows_valued.subject = thresholds.subject
),

standard_errors as (
    select
        expectations.*,
        sqrt(greatest(
            case
                when expectations.measure = 'count' then expectations.expected_value * (1 + 1e0 / expectations.baseline_windows)
                else
                    expectations.expected_value
                    * (1 - expectations.expected_value)
                    * (1e0 / expectations.exposures + 1e0 / expectations.baseline_exposures)
            end,
            coalesce(expectations.spread_variance, 0)
        )) as standard_error
    from expectations
    where
        case when expectations.measure = 'count' then expectations.expected_value else expectations.period_volume end
        >= expectations.min_volume
),

scored as (
    select
        standard_errors.*,
        (standard_errors.observed_value - standard_errors.expected_value) / nullif(standard_errors.standard_error, 0) as z_score
    from standard_errors
)

select
    cast(check_name as {{ dbt.type_string() }}) as check_name,
    cast(subject as {{ dbt.type_string() }}) as subject,
    period_start,
    period_end,
    baseline_start,
    baseline_end,
    cast(period_volume as {{ dbt.type_bigint() }}) as period_volume,
    observed_value,
    expected_value,
    standard_error,
    z_score,
    case when z_score < 0 then 'below' else 'above' end as deviation,
    greatest(expected_value - warn_at * standard_error, 0) as expected_low,
    case
        when measure = 'rate' then least(expected_value + warn_at * standard_error, 1)
        else expected_value + warn_at * standard_error
    end as expected_high,
    case
        when direction not in ('both', case when z_score < 0 then 'below' else 'above' end) then null
        when abs(z_score) >= critical_at then 'critical'
        when abs(z_score) >= warn_at then 'warning'
    end as severity,
    warn_at,
    critical_at,
    threshold_unit,
    open_days
from scored
