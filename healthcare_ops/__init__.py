"""What the dashboard, the pipeline and (next) the API share: settings, warehouse access, the semantic layer."""
