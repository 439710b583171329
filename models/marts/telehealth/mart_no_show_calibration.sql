with

calibration as (
    select * from {{ ref('stg_scores__no_show_calibrations') }}
)

select
    model_name,
    decile,
    appointments,
    no_shows,
    mean_predicted_risk,
    observed_no_show_rate,
    {{ audit_columns() }}
from calibration
