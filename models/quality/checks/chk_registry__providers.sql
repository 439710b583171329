{{ checked_rows(
    staged_model='stg_registry__providers',
    csv_base_model='base_registry__providers',
    id_column='provider_id',
    columns=['provider_id', 'npi', 'provider_name', 'practice_name', 'city', 'state', 'specialty', 'active_since'],
    required=['provider_id', 'specialty'],
    categories=[{'column': 'specialty', 'seed': 'registry__specialties'}],
) }}
