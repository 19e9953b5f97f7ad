"""How SCIM says no (RFC 7644 3.12): ``{"schemas": [...Error], "status": "400", "scimType":
"invalidValue", "detail": "name.givenName: ..."}``. The detail names the attribute at fault; it
is written for the administrator who reads the provisioning logs, in English unless the client
asks for Dutch or French (Accept-Language): SCIM is a protocol, and Entra ID shows the detail
as it came."""

from __future__ import annotations

from typing import Any

from kompas.scim.schema import ERROR


class ScimError(Exception):
    def __init__(
        self,
        status: int,
        detail: str,
        scim_type: str = "",
        *,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status, self.detail, self.scim_type = status, detail, scim_type
        self.headers = headers or {}
        self.attribute = ""  # the attribute a uniqueness refusal (409) is about

    def document(self) -> dict[str, Any]:
        found: dict[str, Any] = {"schemas": [ERROR], "status": str(self.status)}
        if self.scim_type:
            found["scimType"] = self.scim_type
        found["detail"] = self.detail
        return found


def invalid(attribute: str, message: str, scim_type: str = "invalidValue") -> ScimError:
    """400, naming the attribute at fault."""
    return ScimError(400, f"{attribute}: {message}" if attribute else message, scim_type)


def not_found() -> ScimError:
    return ScimError(404, "Resource not found.")
