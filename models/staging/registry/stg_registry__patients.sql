with

source as (
    select * from {{ domain_source('registry', 'patients') }}
),

renamed as (
    select
        -- ids
        nullif(trim(patient_id), '') as patient_id,

        -- identifying details: kept in staging only, no mart carries them
        first_name,
        last_name,
        birth_date,
        street,
        city,
        upper(trim(state)) as state,
        trim(zip) as zip,
        phone,

        -- categories
        upper(trim(sex)) as sex,
        {{ category_code('insurance_type') }} as insurance_type,

        -- timestamps
        registered_at

    from source
)

select * from renamed
