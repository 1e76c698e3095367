"""JSON for the API: records and view dataclasses as plain JSON, safe for any text a cable holds."""

from __future__ import annotations

import json
from typing import Any

import msgspec
from starlette.responses import JSONResponse as _JSONResponse


def to_json_data(value: Any) -> Any:
    """Records (msgspec Structs), dataclasses, datetimes … → JSON builtins."""
    return msgspec.to_builtins(value, enc_hook=str)  # Markup (escaped snippets) → its text


class JSONResponse(_JSONResponse):
    """ASCII-escaped JSON: lone surrogates and control characters from odd bytes stay valid JSON."""

    def render(self, content: Any) -> bytes:
        return json.dumps(to_json_data(content), ensure_ascii=True, separators=(",", ":")).encode("ascii")
