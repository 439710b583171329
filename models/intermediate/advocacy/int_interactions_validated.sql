{{ clean_rows('chk_advocacy__interactions') }}
