"""The read-only REST API over the published warehouse (`make api`, README "Provider growth: REST API").

- access: the published file, opened read-only for each query, and what the API knows about it (tables, loaded
  domains, the semantic layer it was built with), re-read when the file is republished;
- schemas: the pydantic models of every response;
- metrics, providers, monitoring: one module of routes per question; app: the FastAPI app, its auth and errors.

KPIs are semantic-layer metrics asked for by name, or mart columns read as they are: no formula lives here.
"""
