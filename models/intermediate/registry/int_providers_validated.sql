{{ clean_rows('chk_registry__providers') }}
