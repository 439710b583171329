{{ clean_rows('chk_advocacy__case_events') }}
