"""The FastAPI app: the routes of api/metrics.py, api/providers.py and api/monitoring.py under /v1, a health check,
bearer-token auth when a token is configured, and every refusal as a status with a message.

Statuses: 401 without the right token; 404 for an unknown metric or provider; 409 for a question about a domain
this warehouse was built without; 422 for a parameter that is malformed or not allowed; 503 while there is no
warehouse to read. /docs (interactive), /openapi.json and /health are open: they hold no data.
"""

from __future__ import annotations

import hmac
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api import metrics, monitoring, providers
from api.access import ApiError, Warehouse
from api.schemas import Health, Problem
from healthcare_ops import settings

bearer = HTTPBearer(auto_error=False, description="API_TOKEN, when the server has one.")
REFUSALS = {
    401: {"model": Problem, "description": "No bearer token, or not the server's API_TOKEN."},
    404: {"model": Problem, "description": "No such metric or provider."},
    409: {"model": Problem, "description": "The warehouse was built without the domain asked about."},
    422: {"description": "A parameter is malformed or not allowed."},
    503: {"model": Problem, "description": "There is no warehouse to read yet."},
}


def create_app(warehouse_path: Path | None = None, token: str | None = None, *, from_settings: bool = True) -> FastAPI:
    """The API over the warehouse at `warehouse_path` (WAREHOUSE_PATH at each request when None), requiring
    `token` as a bearer token when given (API_TOKEN, when from_settings and no token is given)."""
    token = token or (settings.api_token() if from_settings else None)
    store = Warehouse(warehouse_path)

    def authorised(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
        if token is None:
            return
        given = credentials.credentials if credentials and credentials.scheme.lower() == "bearer" else ""
        # constant time: how much of a wrong token matched does not show in the response time
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise Unauthorised("A bearer token is required: Authorization: Bearer <API_TOKEN>.")

    app = FastAPI(
        title="Healthcare operations warehouse API",
        version="1",
        description=(
            "Read-only: the semantic layer's metrics and the marts of every domain of the published warehouse. "
            "Providers are named by provider_sk only; no response holds a name, NPI, contact detail or patient id."
        ),
    )
    app.dependency_overrides[metrics.warehouse] = lambda: store
    v1 = APIRouter(prefix="/v1", dependencies=[Depends(authorised)], responses=REFUSALS)
    for module in (metrics, providers, monitoring):
        v1.include_router(module.router)
    app.include_router(v1)

    @app.get("/health", response_model=Health, tags=["health"], responses={503: REFUSALS[503]})
    def health() -> Health:
        return Health(status="ok", published_at=store.snapshot().published_at)

    @app.exception_handler(ApiError)
    def refused(request: Request, error: ApiError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else None
        return JSONResponse({"detail": error.detail}, status_code=error.status, headers=headers)

    return app


class Unauthorised(ApiError):
    status = 401
