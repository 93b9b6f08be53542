from __future__ import annotations

from chatlake.models import CustomAttributeDefinition
from chatlake.models.custom_attribute_definition import ATTRIBUTE_MODEL_NAMES, DISPLAY_TYPE_NAMES
from chatlake.presenters.common import iso


def custom_attribute_definition_json(d: CustomAttributeDefinition) -> dict:
    """Chatwoot's shape: the enums by name (requests may send the integers)."""
    return {
        "id": d.id,
        "attribute_display_name": d.attribute_display_name,
        "attribute_display_type": DISPLAY_TYPE_NAMES[d.attribute_display_type],
        "attribute_description": d.attribute_description,
        "attribute_key": d.attribute_key,
        "regex_pattern": d.regex_pattern,
        "regex_cue": d.regex_cue,
        "attribute_values": d.attribute_values or [],
        "attribute_model": ATTRIBUTE_MODEL_NAMES[d.attribute_model],
        "default_value": d.default_value,
        "created_at": iso(d.created_at),
        "updated_at": iso(d.updated_at),
    }
