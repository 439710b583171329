{#
  A table, not ephemeral: two models read it (int_check_days_counted and
  mart_alerts), so its union of every source's records runs once; and on Spark
  that union under an aggregate, cross-joined into the windows' self-joins,
  fails to deserialize on the executors (ClassCastException on
  UnionExec.children) when inlined.
#}
{{ config(materialized='table') }}

{#
  How recent each raw source's data is: the newest clean record's time, by the
  column that says when the record came to be (a booking, a survey, an event
  the hub received), and the build's as-of.

  The as-of is var as_of when set; otherwise the newest record of any source:
  the moment the exports describe. A source is late when its newest record lags
  that moment (mart_alerts, check late_data): the others kept arriving, it did
  not. How long a lag is normal is the source's own: its longest silence
  between two records over the period_days (seed, late_data row) before the
  as-of, computed here. Only sources of a loaded domain are dated (an absent
  optional domain is reported by quality.loaded_domains and by
  `dbt source freshness`, not here).
  providers.csv and advocates.csv are lists that change rarely, without an
  event time: `dbt source freshness` (file delivery) covers them. So do
  crm_accounts.csv and crm_contacts.csv: their CreatedDate dates a practice or
  provider entering the CRM, rare and bursty, not the export's flow. A CRM
  activity or opportunity is dated by its CreatedDate (ActivityDate and
  CloseDate may lie ahead).
#}

{% set record_time_columns = {
    'patients.csv': 'registered_at',
    'cases.csv': 'created_at',
    'case_events.csv': 'event_at',
    'interactions.csv': 'occurred_at',
    'patient_feedback.csv': 'submitted_at',
    'patient_flow': 'enqueued_at',
    'appointments.csv': 'booked_at',
    'appointment_feedback.csv': 'submitted_at',
    'crm_activities.csv': 'created_at',
    'crm_opportunities.csv': 'created_at',
    'inventory_usage.csv': 'used_at',
    'referrals.csv': 'referred_at',
} %}

with

thresholds as (
    select * from {{ ref('monitoring__thresholds') }}
    where check_name = 'late_data'
),

sources_listed as (
    {%- for domain in raw_domains_found() if domain.is_loaded %}
        {%- for file in domain.files if file.raw_source in record_time_columns %}
            select
                '{{ domain.domain }}' as domain,
                '{{ file.raw_source }}' as raw_source
            union all
        {%- endfor %}
    {%- endfor %}
    select
        'none' as domain,
        'none' as raw_source
    where 1 = 0
),

record_times as (
    {%- for domain in raw_domains_found() if domain.is_loaded %}
        {%- for file in domain.files if file.raw_source in record_time_columns %}
            select
                '{{ file.raw_source }}' as raw_source,
                cast({{ record_time_columns[file.raw_source] }} as {{ dbt.type_timestamp() }}) as record_at
            from {{ ref(file.clean_model) }}
            where {{ record_time_columns[file.raw_source] }} is not null
            union all
        {%- endfor %}
    {%- endfor %}
    select
        'none' as raw_source,
        cast(null as {{ dbt.type_timestamp() }}) as record_at
    where 1 = 0
),

export_clock as (
    select
        {% if var('as_of') -%}
            cast('{{ var("as_of") }}' as {{ dbt.type_timestamp() }})
        {%- else -%}
            max(record_at)
        {%- endif %} as as_of_at
    from record_times
),

-- the source's normal silence: the longest gap between consecutive records of its recent history
recent_records as (
    select
        record_times.raw_source,
        record_times.record_at,
        lag(record_times.record_at) over (partition by record_times.raw_source order by record_times.record_at)
            as previous_record_at
    from record_times
    cross join export_clock
    inner join thresholds on record_times.raw_source = thresholds.subject
    where
        record_times.record_at <= export_clock.as_of_at
        and {{ hours_between('record_times.record_at', 'export_clock.as_of_at') }} <= thresholds.period_days * 24
),

newest_records as (
    select
        record_times.raw_source,
        max(record_times.record_at) as newest_record_at
    from record_times
    cross join export_clock
    where record_times.record_at <= export_clock.as_of_at
    group by record_times.raw_source
),

longest_gaps as (
    select
        raw_source,
        max({{ hours_between('previous_record_at', 'record_at') }}) as longest_gap_hours
    from recent_records
    group by raw_source
)

select
    cast(sources_listed.domain as {{ dbt.type_string() }}) as domain,
    cast(sources_listed.raw_source as {{ dbt.type_string() }}) as raw_source,
    newest_records.newest_record_at,
    export_clock.as_of_at,
    longest_gaps.longest_gap_hours
from sources_listed
cross join export_clock
left join newest_records on sources_listed.raw_source = newest_records.raw_source
left join longest_gaps on sources_listed.raw_source = longest_gaps.raw_source
