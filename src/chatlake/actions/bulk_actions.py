"""Bulk actions (Chatwoot's POST /bulk_actions): the same change on many conversations, or labels on contacts.

Everything is checked before anything is written (unknown fields, bad values, an id the caller cannot see):
a refused request changes nothing. Unlike Chatwoot's background job the change runs in the request's
transaction, through the ordinary do_* actions, so notes, events and webhooks are those of single changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.assignments import access_agent_membership, check_id, do_assign_agent, do_assign_team
from chatlake.actions.checks import check_choice, check_timestamp
from chatlake.actions.contact_updates import contact_labels, do_set_contact_labels
from chatlake.actions.conversation_attributes import check_labels, do_set_labels, label_list
from chatlake.actions.conversation_status import do_toggle_status
from chatlake.auth.actor import Actor
from chatlake.errors import InvalidField, NotFound
from chatlake.models import Contact
from chatlake.models.conversation import STATUSES
from chatlake.queries.access import access_team
from chatlake.queries.conversation_batches import MAX_BATCH, access_conversations, check_display_ids

CONVERSATION_FIELDS = ("status", "assignee_id", "team_id", "snoozed_until")
MISSING = object()


@dataclass
class ConversationChanges:
    status: str | None = None
    snoozed_until: object = None
    assignee_id: object = MISSING
    team_id: object = MISSING
    add_labels: tuple[str, ...] = ()
    remove_labels: tuple[str, ...] = ()


def _check_label_changes(labels) -> tuple[list[str], list[str]]:
    if labels is None:
        return [], []
    if not isinstance(labels, dict) or set(labels) - {"add", "remove"}:
        raise InvalidField("labels must be an object with add and remove lists", ["labels"])
    return check_labels(labels.get("add") or []), check_labels(labels.get("remove") or [])


async def _check_conversation_changes(session: AsyncSession, actor: Actor, fields, labels) -> ConversationChanges:
    fields = {} if fields is None else fields
    if not isinstance(fields, dict):
        raise InvalidField("fields must be an object", ["fields"])
    unknown = sorted(set(fields) - set(CONVERSATION_FIELDS))
    if unknown:
        raise InvalidField(f"Unknown field {unknown[0][:50]}; use {', '.join(CONVERSATION_FIELDS)}", ["fields"])
    changes = ConversationChanges()
    # A null status is ignored (as Chatwoot); null assignee or team clears them.
    if fields.get("status") is not None:
        if not isinstance(fields["status"], str):
            raise InvalidField(f"status must be one of {', '.join(STATUSES)}", ["status"])
        check_choice(fields["status"], STATUSES, "status")
        changes.status = fields["status"]
    if fields.get("snoozed_until") is not None:
        check_timestamp(fields["snoozed_until"], "snoozed_until")
        changes.snoozed_until = fields["snoozed_until"]
    if "assignee_id" in fields:
        user_id = check_id(fields["assignee_id"], "assignee_id")
        if user_id is not None:
            await access_agent_membership(session, actor, user_id)
        changes.assignee_id = user_id
    if "team_id" in fields:
        team_id = check_id(fields["team_id"], "team_id")
        if team_id is not None:
            await access_team(session, actor, team_id)
        changes.team_id = team_id
    add, remove = _check_label_changes(labels)
    changes.add_labels, changes.remove_labels = tuple(add), tuple(remove)
    if changes == ConversationChanges():
        raise InvalidField("Nothing to change: send fields or labels", ["fields"])
    return changes


async def do_bulk_update_conversations(session: AsyncSession, actor: Actor, ids, fields, labels) -> int:
    """Returns how many conversations were acted on."""
    display_ids = check_display_ids(ids, "ids")
    changes = await _check_conversation_changes(session, actor, fields, labels)
    conversations = await access_conversations(session, actor, display_ids)
    for conversation in conversations:
        if changes.add_labels or changes.remove_labels:
            current = label_list(conversation)
            wanted = [label for label in current if label not in changes.remove_labels]
            wanted += [label for label in changes.add_labels if label not in wanted]
            await do_set_labels(session, actor, conversation, wanted)
        if changes.team_id is not MISSING:
            await do_assign_team(session, actor, conversation, changes.team_id)
        if changes.assignee_id is not MISSING:
            await do_assign_agent(session, actor, conversation, changes.assignee_id)
        if changes.status is not None:
            await do_toggle_status(
                session, actor, conversation, status=changes.status, snoozed_until=changes.snoozed_until
            )
        elif changes.snoozed_until is not None:
            await do_toggle_status(session, actor, conversation, status="snoozed", snoozed_until=changes.snoozed_until)
    return len(conversations)


def _check_contact_ids(value) -> list[int]:
    if not isinstance(value, list) or not value or len(value) > MAX_BATCH:
        raise InvalidField(f"ids must be a list of 1 to {MAX_BATCH} contact ids", ["ids"])
    ids: list[int] = []
    for item in value:
        contact_id = check_id(item, "ids")
        if contact_id is None:
            raise InvalidField("ids must be a list of contact ids", ["ids"])
        if contact_id not in ids:
            ids.append(contact_id)
    return ids


async def do_bulk_label_contacts(session: AsyncSession, actor: Actor, ids, labels) -> int:
    contact_ids = _check_contact_ids(ids)
    add, remove = _check_label_changes(labels)
    if not add and not remove:
        raise InvalidField("Nothing to change: send labels to add or remove", ["labels"])
    contacts = list(
        await session.scalars(
            select(Contact).where(Contact.account_id == actor.account_id, Contact.id.in_(contact_ids))
        )
    )
    if len(contacts) != len(contact_ids):
        raise NotFound()
    for contact in contacts:
        current = contact_labels(contact)
        wanted = [label for label in current if label not in remove]
        wanted += [label for label in add if label not in wanted]
        await do_set_contact_labels(session, actor, contact, wanted)
    return len(contacts)
