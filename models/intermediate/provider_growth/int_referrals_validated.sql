{{ clean_rows('chk_referrals__referrals') }}
