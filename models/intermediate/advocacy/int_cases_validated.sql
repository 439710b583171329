{{ clean_rows('chk_advocacy__cases') }}
