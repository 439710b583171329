{%- for file in raw_files() %}
-- depends_on: {{ source(file.source, file.table) }}, {{ ref(file.staged_model) }}
{%- endfor %}

{#
  Which domains this build found raw files for (macros/raw_domains.sql). A
  domain that is not loaded has empty models: the dashboard and the API say
  "no data was loaded" for it instead of showing zeros. It follows the staged
  models, so a run that refreshes a domain's models (the stream's) refreshes
  it too.
#}

with

domains as (
    {%- for domain in raw_domains_found() %}
        select
            '{{ domain.domain }}' as domain,
            {{ 'true' if domain.is_required else 'false' }} as is_required,
            {{ 'true' if domain.is_loaded else 'false' }} as is_loaded,
            {{ domain.raw_files_expected }} as raw_files_expected,
            {{ domain.raw_files_found }} as raw_files_found
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
)

select
    cast(domain as {{ dbt.type_string() }}) as domain,
    is_required,
    is_loaded,
    cast(raw_files_expected as {{ dbt.type_int() }}) as raw_files_expected,
    cast(raw_files_found as {{ dbt.type_int() }}) as raw_files_found
from domains
