{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ delete_changed_encounters() }}") }}
-- depends_on: {{ ref('chk_patient_flow__events') }}

{#
  Where each patient was, and for how long: a stay starts at an arrival or
  transfer into a department and ends at the encounter's next move. A stay
  with no end yet is still in the house. Incremental by encounter
  (macros/patient_flow_increments.sql).
#}

with

stays as (
    select * from {{ ref('int_department_stays_derived') }}
    {{ changed_encounters_only() }}
),

patients as (
    select * from {{ ref('dim_patient') }}
),

departments as (
    select * from {{ ref('dim_department') }}
)

select
    stays.stay_id,
    stays.encounter_id,
    coalesce(patients.patient_sk, {{ missing_member_key() }}) as patient_sk,
    coalesce(departments.department_sk, {{ missing_member_key() }}) as department_sk,
    stays.department,
    stays.is_arrival_stay,
    stays.started_at,
    stays.ended_at,
    cast(stays.ended_at as date) as ended_date_key,
    {{ hours_between('stays.started_at', 'stays.ended_at') }} as length_of_stay_hours,
    coalesce(stays.ended_in_discharge, false) as ended_in_discharge,
    {{ audit_columns() }}
from stays
left join patients on stays.patient_id = patients.patient_id
left join departments on stays.department = departments.department
