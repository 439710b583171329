with

patients as (
    select * from {{ ref('int_patients_validated') }}
),

patients_described as (
    select
        {{ surrogate_key('patient_id') }} as patient_sk,
        patient_id,
        sex,
        {{ dbt.safe_cast('extract(year from birth_date)', api.Column.translate_type('integer')) }} as birth_year,
        floor({{ dbt.datediff('birth_date', 'current_date', 'day') }} / 365.25e0)
            as age_years,
        -- three digits of the ZIP code: a region, not an address
        left(zip, 3) as zip3,
        insurance_type
    from patients
),

patients_banded as (
    select
        patient_sk,
        patient_id,
        sex,
        birth_year,
        case
            when age_years is null then 'unknown'
            when age_years < 18 then '0-17'
            when age_years < 35 then '18-34'
            when age_years < 50 then '35-49'
            when age_years < 65 then '50-64'
            else '65+'
        end as age_band,
        zip3,
        insurance_type
    from patients_described
),

missing_member as (
    select
        {{ missing_member_key() }} as patient_sk,
        'unknown' as patient_id,
        'U' as sex,
        cast(null as integer) as birth_year,
        'unknown' as age_band,
        cast(null as {{ dbt.type_string() }}) as zip3,
        'unknown' as insurance_type
),

dimension as (
    select * from patients_banded
    union all
    select * from missing_member
)

select
    patient_sk,
    patient_id,
    sex,
    birth_year,
    age_band,
    zip3,
    insurance_type,
    {{ audit_columns() }}
from dimension
