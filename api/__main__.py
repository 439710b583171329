"""`python -m api` (`make api`): the API on API_HOST:API_PORT (default 127.0.0.1:8000), uvicorn serving."""

from __future__ import annotations

import logging

import uvicorn

from healthcare_ops import settings

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def main() -> None:
    host, port = settings.api_host(), settings.api_port()
    if host not in LOCAL_HOSTS and settings.api_token() is None:
        logging.getLogger("api").warning(
            "serving on %s without API_TOKEN: anyone who reaches this address can read the warehouse", host
        )
    uvicorn.run("api.app:create_app", factory=True, host=host, port=port)


if __name__ == "__main__":
    main()
