"""Reading posted form fields into the shapes actions take (forms send text; checkboxes send nothing when off)."""

from __future__ import annotations

from starlette.datastructures import FormData

from chatlake.web.errors import DashboardError


def text(form: FormData, name: str) -> str | None:
    value = form.get(name)
    return value if isinstance(value, str) else None


def checked(form: FormData, name: str) -> bool:
    return form.get(name) is not None


def ids(form: FormData, name: str) -> list[int]:
    values = form.getlist(name)
    if not all(isinstance(v, str) and v.isdigit() for v in values):
        raise DashboardError(400, f"{name} must be a list of ids.")
    return [int(v) for v in values]


def sent(form: FormData, *names: str) -> dict[str, str]:
    """The text fields among `names` that the form carries: an update changes only what was sent."""
    return {name: form[name] for name in names if isinstance(form.get(name), str)}
