with

providers as (
    select * from {{ ref('int_providers_validated') }}
),

specialties as (
    select * from {{ ref('registry__specialties') }}
),

providers_described as (
    select
        {{ surrogate_key('providers.provider_id') }} as provider_sk,
        providers.provider_id,
        providers.npi,
        providers.provider_name,
        providers.specialty,
        specialties.service_line,
        providers.practice_name,
        providers.city,
        providers.state,
        providers.active_since
    from providers
    inner join specialties on providers.specialty = specialties.specialty
),

missing_member as (
    select
        {{ missing_member_key() }} as provider_sk,
        'unknown' as provider_id,
        cast(null as {{ dbt.type_string() }}) as npi,
        'Unknown provider' as provider_name,
        'unknown' as specialty,
        'unknown' as service_line,
        cast(null as {{ dbt.type_string() }}) as practice_name,
        cast(null as {{ dbt.type_string() }}) as city,
        cast(null as {{ dbt.type_string() }}) as state,
        cast(null as date) as active_since
),

dimension as (
    select * from providers_described
    union all
    select * from missing_member
)

select
    provider_sk,
    provider_id,
    npi,
    provider_name,
    specialty,
    service_line,
    practice_name,
    city,
    state,
    active_since,
    {{ audit_columns() }}
from dimension
