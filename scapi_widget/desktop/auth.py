"""Simulated tokens for ``auth.getJwtToken`` (and the sample-only ``getPureCloudToken``)."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

TOKEN_LIFETIME_S = 3600


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).rstrip(b"=").decode()


def iso8601(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, tz=timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class Token:
    value: str
    expires: float

    def to_json(self, key: str) -> dict[str, Any]:
        return {key: self.value, "expiration": iso8601(self.expires)}


def make_jwt(subject: str, issued: float, expires: float, token_id: str) -> str:
    """An unsigned-looking JWT (header.payload.signature) that says it is simulated."""
    header = _b64({"alg": "none", "typ": "JWT"})
    payload = _b64({"sub": subject, "iat": int(issued), "exp": int(expires), "jti": token_id, "iss": "scapi-widget"})
    return f"{header}.{payload}.simulated"
