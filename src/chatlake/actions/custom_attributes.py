"""Custom attribute definitions: the typed attributes of conversations and contacts (administrators only)."""

from __future__ import annotations

import math
import re

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.administration import check_administrator, flush_unique
from chatlake.actions.checks import check_text
from chatlake.auth.actor import Actor
from chatlake.errors import InvalidField
from chatlake.models import CustomAttributeDefinition
from chatlake.models.custom_attribute_definition import ATTRIBUTE_MODELS, DISPLAY_TYPES
from chatlake.queries.custom_attributes import access_custom_attribute_definition
from chatlake.queries.filters import CONTACT_KEYS, CONVERSATION_KEYS

KEY_RE = re.compile(r"[a-z0-9_]+")
# A custom attribute may not take a standard filter key's name: filters would read the standard one.
STANDARD_KEYS = {
    ATTRIBUTE_MODELS["conversation_attribute"]: CONVERSATION_KEYS,
    ATTRIBUTE_MODELS["contact_attribute"]: CONTACT_KEYS,
}
DESCRIPTION_MAX = 10_000
MAX_LIST_VALUES = 1000


def _label(field: str) -> str:
    return field.replace("_", " ").capitalize()


def check_plain_text(value, field: str, *, max_length: int = 255, required: bool = False) -> str | None:
    """Text the databases can store: no NUL characters, valid Unicode (PostgreSQL refuses both)."""
    if value is not None and not isinstance(value, str):
        raise InvalidField(f"{_label(field)} must be text", [field])
    text = check_text(
        value.strip() if isinstance(value, str) else None, field, max_length=max_length, required=required
    )
    if text is not None:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidField(f"{_label(field)} is not valid text", [field]) from None
        if "\x00" in text:
            raise InvalidField(f"{_label(field)} is not valid text", [field])
    return text


def check_enum(value, choices: dict[str, int], field: str) -> int:
    """An enum given by name or by its integer (Chatwoot's spec sends integers; its views answer names)."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and value in choices.values():
        return value
    if isinstance(value, str) and value in choices:
        return choices[value]
    names = ", ".join(f"{name} ({number})" for name, number in choices.items())
    raise InvalidField(f"{_label(field)} must be one of {names}", [field])


def check_attribute_values(value) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > MAX_LIST_VALUES:
        raise InvalidField(f"Attribute values must be a list of at most {MAX_LIST_VALUES} values", ["attribute_values"])
    values = []
    for item in value:
        if isinstance(item, int | float) and not isinstance(item, bool) and math.isfinite(item):
            item = str(item)
        if not isinstance(item, str):
            raise InvalidField("Attribute values must be a list of texts", ["attribute_values"])
        values.append(check_plain_text(item, "attribute_values"))
    return values


def check_default_value(value):
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if not math.isfinite(value) or abs(value) > 2**53:
            raise InvalidField("Default value is out of range", ["default_value"])
        return value
    if isinstance(value, str):
        return check_plain_text(value, "default_value")
    raise InvalidField("Default value must be text, a number, true or false", ["default_value"])


def check_attribute_key(value, attribute_model: int) -> str:
    key = check_plain_text(value, "attribute_key", required=True)
    if not KEY_RE.fullmatch(key):
        raise InvalidField("Attribute key is invalid: use a-z, 0-9 and _ only", ["attribute_key"])
    if key in STANDARD_KEYS[attribute_model]:
        raise InvalidField("Attribute key conflicts with a standard attribute", ["attribute_key"])
    return key


async def _check_key_free(
    session: AsyncSession, definition: CustomAttributeDefinition, definition_id: int | None = None
) -> None:
    stmt = select(CustomAttributeDefinition.id).where(
        CustomAttributeDefinition.account_id == definition.account_id,
        CustomAttributeDefinition.attribute_model == definition.attribute_model,
        CustomAttributeDefinition.attribute_key == definition.attribute_key,
    )
    if definition_id is not None:
        stmt = stmt.where(CustomAttributeDefinition.id != definition_id)
    if await session.scalar(stmt) is not None:
        raise InvalidField("Attribute key has already been taken", ["attribute_key"])


def _apply(definition: CustomAttributeDefinition, fields: dict) -> None:
    """Fields other than the key and the model, which are checked together."""
    if "attribute_display_name" in fields:
        definition.attribute_display_name = check_plain_text(
            fields["attribute_display_name"], "attribute_display_name", required=True
        )
    if "attribute_display_type" in fields:
        definition.attribute_display_type = check_enum(
            fields["attribute_display_type"], DISPLAY_TYPES, "attribute_display_type"
        )
    if "attribute_description" in fields:
        definition.attribute_description = check_plain_text(
            fields["attribute_description"], "attribute_description", max_length=DESCRIPTION_MAX
        )
    if "attribute_values" in fields:
        definition.attribute_values = check_attribute_values(fields["attribute_values"])
    for field in ("regex_pattern", "regex_cue"):
        if field in fields:
            setattr(definition, field, check_plain_text(fields[field], field))
    if "default_value" in fields:
        definition.default_value = check_default_value(fields["default_value"])


async def do_create_custom_attribute_definition(
    session: AsyncSession, actor: Actor, fields: dict
) -> CustomAttributeDefinition:
    check_administrator(actor)
    model = fields.get("attribute_model")
    attribute_model = check_enum(model, ATTRIBUTE_MODELS, "attribute_model") if model is not None else 0
    definition = CustomAttributeDefinition(
        account_id=actor.account_id,
        attribute_model=attribute_model,
        attribute_key=check_attribute_key(fields.get("attribute_key"), attribute_model),
        attribute_display_name=check_plain_text(
            fields.get("attribute_display_name"), "attribute_display_name", required=True
        ),
        attribute_display_type=DISPLAY_TYPES["text"],
        attribute_values=[],
    )
    _apply(definition, fields)
    await _check_key_free(session, definition)
    session.add(definition)
    await flush_unique(session, "attribute_key")
    return definition


async def do_update_custom_attribute_definition(
    session: AsyncSession, actor: Actor, definition_id: int, changes: dict
) -> CustomAttributeDefinition:
    """`changes` holds only the fields the caller sent."""
    check_administrator(actor)
    definition = await access_custom_attribute_definition(session, actor.account_id, definition_id)
    if "attribute_model" in changes or "attribute_key" in changes:
        model = changes.get("attribute_model", definition.attribute_model)
        attribute_model = check_enum(model, ATTRIBUTE_MODELS, "attribute_model")
        key = check_attribute_key(changes.get("attribute_key", definition.attribute_key), attribute_model)
        definition.attribute_model, definition.attribute_key = attribute_model, key
        await _check_key_free(session, definition, definition.id)
    _apply(definition, changes)
    await flush_unique(session, "attribute_key")
    return definition


async def do_delete_custom_attribute_definition(session: AsyncSession, actor: Actor, definition_id: int) -> None:
    """The values stay in conversations' and contacts' custom_attributes, as in Chatwoot."""
    check_administrator(actor)
    definition = await access_custom_attribute_definition(session, actor.account_id, definition_id)
    await session.delete(definition)
    await session.flush()
