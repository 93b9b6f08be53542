"""Chatwoot's interactive message types (content_attributes) reduced to what the thread may show.

Everything here is user-supplied: values are kept as text (the templates escape them) and links are
kept only when they are plain http(s) URLs, so a `javascript:` URI can never become a clickable link.
Images are shown as links: the dashboard's Content-Security-Policy loads images from itself only.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from chatlake.models import Message
from chatlake.models.message import CONTENT_TYPE_NAMES

MAX_ITEMS = 20
RICH_TYPES = ("cards", "input_select", "form", "article", "input_email")


def safe_url(value) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    if value and "://" not in value and not value.startswith(("/", "\\")) and "." in value.split("/")[0]:
        value = "https://" + value  # Chatwoot's samples write "google.com"
    parts = urlsplit(value)
    return value if parts.scheme in ("http", "https") and parts.netloc else None


def _text(value) -> str:
    if value is None or isinstance(value, dict | list):
        return ""
    return str(value)


def _items(attributes: dict) -> list[dict]:
    items = attributes.get("items")
    return [item for item in items[:MAX_ITEMS] if isinstance(item, dict)] if isinstance(items, list) else []


def _submitted(attributes: dict) -> list[str]:
    values = attributes.get("submitted_values")
    if not isinstance(values, list):
        return []
    shown = []
    for value in values[:MAX_ITEMS]:
        if not isinstance(value, dict):
            continue
        # A chosen option shows its title; a form answer its field name and value.
        if value.get("title"):
            shown.append(_text(value.get("title")))
        elif value.get("name"):
            shown.append(f"{_text(value.get('name'))}: {_text(value.get('value'))}")
        else:
            shown.append(_text(value.get("value")))
    return [s for s in shown if s]


def _action(action) -> dict | None:
    if not isinstance(action, dict):
        return None
    return {"text": _text(action.get("text")), "url": safe_url(action.get("uri")), "kind": _text(action.get("type"))}


def rich_content(message: Message) -> dict | None:
    """{"kind": ..., ...} for the interactive types, None for plain text."""
    kind = CONTENT_TYPE_NAMES.get(message.content_type)
    if kind not in RICH_TYPES:
        return None
    attributes = message.content_attributes if isinstance(message.content_attributes, dict) else {}
    items = _items(attributes)
    body: dict = {"kind": kind, "submitted": _submitted(attributes)}
    if kind == "cards":
        body["cards"] = [
            {
                "title": _text(item.get("title")),
                "description": _text(item.get("description")),
                "media_url": safe_url(item.get("media_url")),
                "actions": [a for a in map(_action, item.get("actions") or []) if a and a["text"]]
                if isinstance(item.get("actions"), list)
                else [],
            }
            for item in items
        ]
    elif kind == "input_select":
        body["options"] = [_text(item.get("title") or item.get("value")) for item in items]
    elif kind == "form":
        body["fields"] = [
            {
                "label": _text(item.get("label") or item.get("name")),
                "type": _text(item.get("type")) or "text",
                "placeholder": _text(item.get("placeholder")),
                "required": bool(item.get("required")),
                "options": [
                    _text(o.get("label") or o.get("value")) for o in item.get("options") or [] if isinstance(o, dict)
                ]
                if isinstance(item.get("options"), list)
                else [],
            }
            for item in items
        ]
    elif kind == "article":
        body["articles"] = [
            {
                "title": _text(item.get("title")),
                "description": _text(item.get("description")),
                "url": safe_url(item.get("link")),
            }
            for item in items
        ]
    elif kind == "input_email":
        submitted = attributes.get("submitted_email")
        body["email"] = _text(submitted) if submitted else ""
    return body
