{#
  The referring practices (CRM accounts). Street and phone stay out: a practice is
  located by city and state here, which is what the analysis groups by.
#}

with

accounts as (
    select * from {{ ref('int_crm_accounts_validated') }}
),

practices as (
    select
        {{ surrogate_key('account_id') }} as practice_sk,
        account_id as practice_id,
        account_name as practice_name,
        account_type as practice_type,
        billing_city as city,
        billing_state as state,
        billing_postal_code as postal_code,
        created_at
    from accounts
),

missing_member as (
    select
        {{ missing_member_key() }} as practice_sk,
        'unknown' as practice_id,
        'Unknown practice' as practice_name,
        'unknown' as practice_type,
        cast(null as {{ dbt.type_string() }}) as city,
        cast(null as {{ dbt.type_string() }}) as state,
        cast(null as {{ dbt.type_string() }}) as postal_code,
        cast(null as {{ dbt.type_timestamp() }}) as created_at
),

dimension as (
    select * from practices
    union all
    select * from missing_member
)

select
    practice_sk,
    practice_id,
    practice_name,
    practice_type,
    city,
    state,
    postal_code,
    created_at,
    {{ audit_columns() }}
from dimension
