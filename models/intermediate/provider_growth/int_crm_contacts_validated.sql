{{ clean_rows('chk_crm__contacts') }}
