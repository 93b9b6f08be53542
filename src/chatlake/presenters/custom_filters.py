from __future__ import annotations

from chatlake.models import CustomFilter
from chatlake.models.custom_filter import FILTER_TYPE_NAMES
from chatlake.presenters.common import iso


def custom_filter_json(f: CustomFilter) -> dict:
    return {
        "id": f.id,
        "name": f.name,
        "filter_type": FILTER_TYPE_NAMES[f.filter_type],
        "query": f.query,
        "created_at": iso(f.created_at),
        "updated_at": iso(f.updated_at),
    }
