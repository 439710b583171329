{{ clean_rows('chk_crm__opportunities') }}
