with

source as (
    select * from {{ domain_source('advocacy', 'patient_feedback') }}
),

renamed as (
    select
        -- ids
        nullif(trim(feedback_id), '') as feedback_id,
        nullif(trim(case_id), '') as case_id,

        -- numerics
        csat,

        -- strings
        nullif(trim(comment), '') as comment,

        -- timestamps
        submitted_at

    from source
)

select * from renamed
