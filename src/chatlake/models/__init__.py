"""Tables only: no business logic here, and nothing imported from the layers above."""

from chatlake.models.account import Account
from chatlake.models.agent_bot import AgentBot, AgentBotInbox
from chatlake.models.attachment import Attachment
from chatlake.models.audit_log import AuditLog
from chatlake.models.automation_rule import AutomationRule
from chatlake.models.base import Base
from chatlake.models.canned_response import CannedResponse
from chatlake.models.contact import Contact, ContactInbox
from chatlake.models.contact_note import ContactNote
from chatlake.models.conversation import Conversation
from chatlake.models.csat import CsatSurveyResponse
from chatlake.models.custom_attribute_definition import CustomAttributeDefinition
from chatlake.models.custom_filter import CustomFilter
from chatlake.models.dashboard_session import DashboardSession, LoginFailure
from chatlake.models.help_center import Article, Category, Portal
from chatlake.models.inbox import ChannelApi, Inbox, InboxMember
from chatlake.models.integration_hook import IntegrationHook
from chatlake.models.label import Label
from chatlake.models.macro import ConversationParticipant, Macro
from chatlake.models.message import Message
from chatlake.models.notification import Notification
from chatlake.models.outbox import Event, Webhook, WebhookDelivery
from chatlake.models.platform import (
    ClientSignIn,
    LoginLink,
    PlatformApp,
    PlatformAppPermissible,
    ProcessHeartbeat,
)
from chatlake.models.reporting_event import ReportingEvent
from chatlake.models.team import Team, TeamMember
from chatlake.models.throttle import ThrottleCounter
from chatlake.models.user import AccessToken, AccountUser, User
from chatlake.models.web_widget import ChannelWebWidget

__all__ = [
    "AccessToken",
    "Account",
    "Article",
    "AuditLog",
    "AutomationRule",
    "AccountUser",
    "AgentBot",
    "AgentBotInbox",
    "Attachment",
    "Base",
    "CannedResponse",
    "Category",
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
    "IntegrationHook",
    "Label",
    "LoginFailure",
    "Message",
    "ReportingEvent",
    "Portal",
    "Notification",
    "Team",
    "TeamMember",
    "User",
    "Webhook",
    "WebhookDelivery",
    "ClientSignIn",
    "LoginLink",
    "PlatformApp",
    "PlatformAppPermissible",
    "ProcessHeartbeat",
    "ThrottleCounter",
    "ChannelWebWidget",
    "CsatSurveyResponse",
    "Macro",
    "ConversationParticipant",
]
