{#- The hospital's service lines: those of its departments (a service line may span several departments). -#}

with

departments as (
    select * from {{ ref('patient_flow__departments') }}
),

service_lines as (
    select distinct service_line
    from departments
)

select * from service_lines
