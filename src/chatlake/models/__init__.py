"""Tables only: no business logic here, and nothing imported from the layers above."""

from chatlake.models.account import Account
from chatlake.models.base import Base
from chatlake.models.canned_response import CannedResponse
from chatlake.models.contact import Contact, ContactInbox
from chatlake.models.contact_note import ContactNote
from chatlake.models.conversation import Conversation
from chatlake.models.custom_attribute_definition import CustomAttributeDefinition
from chatlake.models.custom_filter import CustomFilter
from chatlake.models.dashboard_session import DashboardSession, LoginFailure
from chatlake.models.inbox import ChannelApi, Inbox, InboxMember
from chatlake.models.label import Label
from chatlake.models.message import Message
from chatlake.models.outbox import Event, Webhook, WebhookDelivery
from chatlake.models.team import Team, TeamMember
from chatlake.models.user import AccessToken, AccountUser, User

__all__ = [
    "AccessToken",
    "Account",
    "AccountUser",
    "Base",
    "CannedResponse",
    "ChannelApi",
    "Contact",
    "ContactInbox",
    "ContactNote",
    "Conversation",
    "CustomAttributeDefinition",
    "CustomFilter",
    "DashboardSession",
    "Event",
    "Inbox",
    "InboxMember",
    "Label",
    "LoginFailure",
    "Message",
    "Team",
    "TeamMember",
    "User",
    "Webhook",
    "WebhookDelivery",
]
