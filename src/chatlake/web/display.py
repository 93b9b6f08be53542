"""How rows read on a page: names, message kinds, times. Pure functions the templates call."""

from __future__ import annotations

from datetime import datetime

from chatlake.models import AgentBot, Contact, Conversation, Message, User
from chatlake.models.conversation import STATUS_NAMES
from chatlake.models.message import MESSAGE_TYPES
from chatlake.presenters.messages import MessageView

# One line of the conversation list at 1280px; the thread shows the whole text.
PREVIEW_LENGTH = 120


def person_name(person: Contact | User | AgentBot | None) -> str:
    if person is None:
        return ""
    if isinstance(person, User):
        return person.display_name or person.name
    if isinstance(person, AgentBot):
        return person.name
    return person.name or person.email or person.phone_number or f"Contact #{person.id}"


def message_kind(message: Message) -> str:
    """The CSS modifier and label a message is shown with; private notes outrank direction."""
    if message.message_type == MESSAGE_TYPES["activity"]:
        return "activity"
    if message.private:
        return "note"
    if message.message_type == MESSAGE_TYPES["incoming"]:
        return "incoming"
    return "outgoing"


def iso_time(value: datetime | None) -> str:
    return "" if value is None else value.isoformat().replace("+00:00", "Z")


def absolute_time(value: datetime | None) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M UTC")


def status_name(conversation: Conversation) -> str:
    return STATUS_NAMES[conversation.status]


def message_preview(view: MessageView | None, limit: int = PREVIEW_LENGTH) -> str:
    if view is None:
        return ""
    if not view.message.content:
        return attachments_preview(view, limit)
    text = " ".join(view.message.content.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def attachments_preview(view: MessageView, limit: int = PREVIEW_LENGTH) -> str:
    """A message that is only files: "Attachment: photo.png", or "… (+2 more)" for several."""
    if not view.attachments:
        return ""
    text = "Attachment: " + " ".join(view.attachments[0].file_name.split())
    more = f" (+{len(view.attachments) - 1} more)" if len(view.attachments) > 1 else ""
    if len(text) + len(more) > limit:
        text = text[: limit - len(more) - 1].rstrip() + "…"
    return text + more


def full_hex(color: str | None) -> str:
    """#abc as #aabbcc: colour inputs take only the six-digit form."""
    if color and len(color) == 4 and color.startswith("#"):
        return "#" + "".join(c * 2 for c in color[1:])
    return color or "#000000"
