"""Every question the dashboard asks of the warehouse, and the only place its SQL lives.

- warehouse: read-only, cached access to the published file, and the semantic layer in it;
- reference: category orders and labels, thresholds and display formats, read from the warehouse;
- filters: the shared sidebar filters, checked against the reference tables;
- advocacy, patient_flow: one module per domain.

KPIs are metrics of the semantic layer (models/marts/*/_*__semantic.yml), asked for by name;
no formula or threshold is restated here. Listings (stale cases, case detail, the live feed)
are plain selects of mart columns. User choices reach SQL only as bound parameters.
"""
