from __future__ import annotations

import orjson
from starlette.responses import JSONResponse


class JSON(JSONResponse):
    """JSON rendered by orjson: handlers return plain dicts built by the presenters."""

    def render(self, content) -> bytes:
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)
