{{ csv_records('inventory', 'inventory_usage') }}
