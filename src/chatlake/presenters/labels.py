from __future__ import annotations

from chatlake.models import Label


def label_json(label: Label) -> dict:
    return {
        "id": label.id,
        "title": label.title,
        "description": label.description or "",
        "color": label.color,
        "show_on_sidebar": label.show_on_sidebar,
    }
