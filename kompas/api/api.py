"""The REST API, version 1 (django-ninja): `/api/v1/`, its schema at `/api/v1/openapi.json`."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from kompas.api import errors
from kompas.api.endpoints import figures, organisation, registers

DESCRIPTION = """\
The API of Kompas for the zone's other systems (HR, IT, a data warehouse).

Every call carries a token of the zone, made by the functional administrator on the page API tokens,
as `Authorization: Bearer kompas_...`. A token holds one or more scopes; each endpoint names the
one it needs (`x-kompas-scope`) and answers nothing outside it. Every call is recorded in the
zone's audit log (the token and the endpoint), and a token may make a limited number of calls a
minute (429 with `Retry-After` beyond it).

No endpoint returns the content of a report, who reported it, or anything the token's scope does
not name. Fields a request does not know are refused (422, each one named) and a refused request
changes nothing. Errors are in the language asked for with `Accept-Language` (nl, fr, en; Dutch
otherwise).
"""


class KompasApi(NinjaAPI):
    def get_openapi_operation_id(self, operation: Any) -> str:
        """The view's own name (`list_people`), unique across the API."""
        return str(operation.view_func.__name__)

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """Built once per process: the schema follows from the code alone, and building it
        (some 150 ms) for whoever asks, without a token or a limit, would let anyone keep the
        workers busy. The same object each time: read it, never change it."""
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        if path_prefix not in self._schemas:
            self._schemas[path_prefix] = super().get_openapi_schema(path_prefix=path_prefix)
        return self._schemas[path_prefix]

    @cached_property
    def _schemas(self) -> dict[str, OpenAPISchema]:
        return {}


api = KompasApi(
    title="Kompas API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs_url=None,
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("/", organisation.router)
api.add_router("/", registers.router)
api.add_router("/", figures.router)
