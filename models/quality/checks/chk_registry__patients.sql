{# A detail names the failing column, never a patient's value: the warehouse's quarantine publishes it. #}
{{ checked_rows(
    staged_model='stg_registry__patients',
    csv_base_model='base_registry__patients',
    id_column='patient_id',
    columns=['patient_id', 'first_name', 'last_name', 'birth_date', 'sex', 'street', 'city', 'state', 'zip', 'phone', 'insurance_type', 'registered_at'],
    required=['patient_id'],
    categories=[
        {'column': 'sex', 'seed': 'registry__sexes'},
        {'column': 'insurance_type', 'seed': 'registry__insurance_types'},
    ],
    later_checks=[
        ["birth_date > current_date or birth_date < cast('1900-01-01' as date)", 'out_of_range',
         "'birth_date is not between 1900-01-01 and today'"],
    ],
    timestamps=['registered_at'],
) }}
