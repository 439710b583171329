{#-
  A referral order names a registry patient, the registry provider who referred them and a service line of
  the hospital's departments (int_service_lines_listed). Whether the patient then arrived in patient flow
  is not a check: a referral that never arrives is leakage, a finding of the marts, not bad input.
-#}
{{ checked_rows(
    staged_model='stg_referrals__referrals',
    csv_base_model='base_referrals__referrals',
    id_column='referral_id',
    columns=['referral_id', 'patient_id', 'referring_provider_id', 'service_line', 'referred_at'],
    required=['referral_id', 'patient_id', 'referring_provider_id', 'service_line', 'referred_at'],
    categories=[
        {'column': 'service_line', 'seed': 'int_service_lines_listed'},
    ],
    parents=[
        {'column': 'patient_id', 'model': 'chk_registry__patients', 'parent_id': 'patient_id', 'file': 'patients.csv'},
        {'column': 'referring_provider_id', 'model': 'chk_registry__providers', 'parent_id': 'provider_id',
         'file': 'providers.csv'},
    ],
    timestamps=['referred_at'],
) }}
