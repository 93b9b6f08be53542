"""Errors carry their HTTP status and Chatwoot-shaped body; one handler in the app renders them."""

from __future__ import annotations


class ChatlakeError(Exception):
    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def body(self) -> dict:
        return {"error": self.message}


class NotFound(ChatlakeError):
    status_code = 404

    def __init__(self, message: str = "Resource could not be found") -> None:
        super().__init__(message)


class Unauthorized(ChatlakeError):
    status_code = 401


class Forbidden(ChatlakeError):
    status_code = 403


class Unprocessable(ChatlakeError):
    """A request that is well formed but cannot be carried out: `{"error": ...}`."""

    status_code = 422


class InvalidField(ChatlakeError):
    """Validation of named fields failed: `{"message": ..., "attributes": [...]}`."""

    status_code = 422

    def __init__(self, message: str, attributes: list[str]) -> None:
        super().__init__(message)
        self.attributes = attributes

    def body(self) -> dict:
        return {"message": self.message, "attributes": self.attributes}
