{#
  The check model of one raw file: every staged row once, with the columns of
  the contract, the reason of the first failing check (null when clean), a
  detail and the row as text. Checks, in order:
    parse_checks      - the row could not be parsed at all (e.g. a line that is not JSON)
    missing_required  - `required` columns are empty
    duplicate_id      - see duplicate_id_columns
    row_checks        - the file's own row-level rules that come first (e.g. invalid_json)
    unknown_category  - each of `categories` must be in its reference seed
    unknown_reference / parent_quarantined - each of `parents`
    later_checks      - rules that may use parent columns (e.g. before_case_created)
    future_timestamp  - each of `timestamps` must not be after the build time

  categories: [{'column': 'sex', 'seed': 'registry__sexes'}]   (seed column = column name unless 'seed_column')
  parents:    [{'column': 'case_id', 'model': 'chk_advocacy__cases', 'parent_id': 'case_id',
                'file': 'cases.csv', 'carry': {'case_created_at': 'created_at'}}]
              'readable_only': true checks only unknown_reference, against a staging model (a row of
              the same file, e.g. the appointment a rebooking replaces: its check model cannot read
              itself, so parent_quarantined and carry are not available there).
  lookups:    [{'column': 'encounter_id', 'model': 'int_flow_arrivals_found', 'key': 'encounter_id',
                'carry': {'arrival_at': 'arrival_at'}}]  (joined for later_checks, no existence check)
  duplicates: exact copies are compared on `fingerprint` (default: every column) and the
              first by `keep_first_by` (default: the id) is kept.
  raw_values: the expression kept as the row's values (default: the columns as JSON).
  raw_values_from: {'model': ..., 'keys': [...], 'column': ...} keeps instead the raw text
              of quarantined rows from another model (a stream's bronze payload), joined
              on keys only for the rows that fail, so clean rows carry no copy of it.
  csv_base_model: the base model of a raw CSV (macros/raw_lines.sql). Its lines that are not
              records (line_problem) and its unparseable values are checked first, line_number
              joins the columns, copies are compared without it and the first line is kept, and
              a quarantined row keeps its line as it arrived.
  scope:      a predicate on the staged rows: only those are checked (an incremental run
              passes the rows its new data can affect; every window above then sees all
              rows sharing an id with a checked row, see chk_patient_flow__events).
  Every row carries the audit columns, so later incremental models can tell which
  rows this run rewrote.
#}
{% macro checked_rows(staged_model, id_column, columns, required, categories=[], parents=[],
                      row_checks=[], later_checks=[], timestamps=[], parse_checks=[], lookups=[],
                      fingerprint=none, keep_first_by=none, raw_values=none, raw_values_from=none,
                      csv_base_model=none, scope=none) %}

{%- if csv_base_model -%}
    {%- set parse_checks = csv_line_checks() + [
        ['unparseable_columns is not null', 'unparseable_value', "'not a value of its type: ' || unparseable_columns"],
    ] + parse_checks -%}
    {%- set fingerprint = fingerprint or columns -%}
    {%- set columns = columns + ['line_number'] -%}
    {%- set keep_first_by = keep_first_by or 'line_number' -%}
    {%- set raw_values_from = raw_values_from or csv_line_texts(csv_base_model) -%}
{%- endif %}

with

staged as (
    select * from {{ ref(staged_model) }}
    {%- if scope %}
    where {{ scope }}
    {%- endif %}
),

{% for category in categories %}
{{ category.column }}_reference as (
    select {{ category.get('seed_column', category.column) }} as known_value
    from {{ ref(category.seed) }}
),
{% endfor %}

{% for lookup in lookups %}
{{ lookup.column }}_lookup as (
    select
        {{ lookup.key }} as lookup_key
        {%- for alias, column in lookup.carry.items() %},
        {{ column }} as {{ alias }}
        {%- endfor %}
    from {{ ref(lookup.model) }}
),
{% endfor %}

{% for parent in parents %}
{{ parent.column }}_staged as (
    select distinct {{ parent.parent_id }} as parent_id
    from {{ ref(parent.model) }}
),
{% if not parent.get('readable_only') %}
{{ parent.column }}_clean as (
    select
        {{ parent.parent_id }} as parent_id
        {%- for alias, column in parent.get('carry', {}).items() %},
        {{ column }} as {{ alias }}
        {%- endfor %}
    from {{ ref(parent.model) }}
    where rejection_reason is null
),
{% endif %}
{% endfor %}

compared as (
    select
        staged.*,
        {%- for category in categories %}
        {{ category.column }}_reference.known_value as known_{{ category.column }},
        {%- endfor %}
        {%- for parent in parents %}
        {{ parent.column }}_staged.parent_id as staged_{{ parent.column }},
        {%- if not parent.get('readable_only') %}
        {{ parent.column }}_clean.parent_id as clean_{{ parent.column }},
        {%- for alias in parent.get('carry', {}) %}
        {{ parent.column }}_clean.{{ alias }},
        {%- endfor %}
        {%- endif %}
        {%- endfor %}
        {%- for lookup in lookups %}
        {%- for alias in lookup.carry %}
        {{ lookup.column }}_lookup.{{ alias }},
        {%- endfor %}
        {%- endfor %}
        {{ duplicate_id_columns('staged', id_column, fingerprint or columns, keep_first_by or id_column) }}
    from staged
    {%- for category in categories %}
    left join {{ category.column }}_reference
        on staged.{{ category.column }} = {{ category.column }}_reference.known_value
    {%- endfor %}
    {%- for lookup in lookups %}
    left join {{ lookup.column }}_lookup
        on staged.{{ lookup.column }} = {{ lookup.column }}_lookup.lookup_key
    {%- endfor %}
    {%- for parent in parents %}
    left join {{ parent.column }}_staged
        on staged.{{ parent.column }} = {{ parent.column }}_staged.parent_id
    {%- if not parent.get('readable_only') %}
    left join {{ parent.column }}_clean
        on staged.{{ parent.column }} = {{ parent.column }}_clean.parent_id
    {%- endif %}
    {%- endfor %}
),

{%- set checks = parse_checks + [missing_required_check(required)] + duplicate_id_checks(id_column) + row_checks -%}
{%- for category in categories -%}
    {%- do checks.append([
        category.column ~ " is not null and known_" ~ category.column ~ " is null",
        "unknown_category",
        "'" ~ category.column ~ " ''' || " ~ category.column ~ " || ''' is not in " ~ category.seed ~ "'"
    ]) -%}
{%- endfor -%}
{%- for parent in parents -%}
    {%- do checks.append([
        parent.column ~ " is not null and staged_" ~ parent.column ~ " is null",
        "unknown_reference",
        "'" ~ parent.column ~ " ' || " ~ parent.column ~ " || ' is not among the readable rows of " ~ parent.file ~ "'"
    ]) -%}
    {%- if not parent.get('readable_only') -%}
    {%- do checks.append([
        parent.column ~ " is not null and clean_" ~ parent.column ~ " is null",
        "parent_quarantined",
        "'" ~ parent.column ~ " ' || " ~ parent.column ~ " || ' was quarantined in " ~ parent.file ~ "'"
    ]) -%}
    {%- endif -%}
{%- endfor -%}
{%- set checks = checks + later_checks -%}
{%- for column in timestamps -%}
    {%- do checks.append([
        column ~ " > " ~ dbt.current_timestamp(),
        "future_timestamp",
        "'" ~ column ~ " ' || cast(" ~ column ~ " as " ~ dbt.type_string() ~ ") || ' is later than the build time'"
    ]) -%}
{%- endfor %}

checked as (
    select
        {{ columns | join(',\n        ') }},
        {{ first_failing_check(checks) }}
        {%- if not raw_values_from %},
        {{ raw_values or row_as_text(columns) }} as raw_values
        {%- endif %}
    from compared
)

{%- if raw_values_from %},

raw_texts as (
    select
        {{ raw_values_from['keys'] | join(', ') }},
        {{ raw_values_from['column'] }} as raw_values
    from {{ ref(raw_values_from['model']) }}
),

checked_with_raw_values as (
    select
        checked.*,
        raw_texts.raw_values
    from checked
    left join raw_texts
        on checked.rejection_reason is not null
        {%- for key in raw_values_from['keys'] %}
        and checked.{{ key }} = raw_texts.{{ key }}
        {%- endfor %}
)

select
    *,
    {{ audit_columns() }}
from checked_with_raw_values
{%- else %}

select
    *,
    {{ audit_columns() }}
from checked
{%- endif %}

{% endmacro %}
