{{ clean_rows('chk_telehealth__appointments') }}
