{#
  Incremental patient flow works by encounter: every rule of the check and
  every derived row looks only at events of the same encounter (and at copies
  of the same event), so an incremental run recomputes each encounter the new
  capture files touch, from all of its lines, and leaves the others alone.
  chk_patient_flow__events rewrites the lines of those encounters with this
  run's _run_id; the models after it read the encounters from there.

  The stream runner runs the whole chain in one invocation; after a failed
  run it rebuilds the chain with --full-refresh (pipeline/stream.py).
#}

{# The encounters whose lines this run's check rewrote. #}
{% macro flow_changed_encounters() -%}
    select distinct encounter_id
    from {{ ref('chk_patient_flow__events') }}
    where _run_id = '{{ invocation_id }}' and encounter_id is not null
{%- endmacro %}

{# pre_hook of an encounter-keyed incremental model: its rows of changed encounters go, to be inserted anew. #}
{% macro delete_changed_encounters() -%}
    {%- if is_incremental() -%}
    delete from {{ this }} where encounter_id in ({{ flow_changed_encounters() }})
    {%- endif -%}
{%- endmacro %}

{# The model's filter: every encounter on a full build, only the changed ones on an incremental run. #}
{% macro changed_encounters_only(encounter_column='encounter_id') -%}
    {%- if is_incremental() -%}
    where {{ encounter_column }} in ({{ flow_changed_encounters() }})
    {%- endif -%}
{%- endmacro %}

{# The earliest hour any rewritten line could place an event in (event_time is never before both times it carries). #}
{% macro flow_earliest_changed_hour() -%}
    select min({{ dbt.date_trunc('hour', 'least(reported_event_time, enqueued_at)') }})
    from {{ ref('chk_patient_flow__events') }}
    where _run_id = '{{ invocation_id }}'
{%- endmacro %}

{#
  The incremental strategy of a model whose increment replaces rows by key.
  dbt-spark refuses delete+insert when it compiles, even for a full refresh,
  and on Spark every build is one (dbt_project.yml): there it appends to an
  empty table.
#}
{% macro replace_by_key_strategy() -%}{{ return(adapter.dispatch('replace_by_key_strategy')()) }}{%- endmacro %}
{% macro default__replace_by_key_strategy() -%}{{ return('delete+insert') }}{%- endmacro %}
{% macro spark__replace_by_key_strategy() -%}{{ return('append') }}{%- endmacro %}
