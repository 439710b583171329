{{ clean_rows('chk_inventory__usage') }}
