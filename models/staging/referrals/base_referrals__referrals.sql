{{ csv_records('referrals', 'referrals') }}
