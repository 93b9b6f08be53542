"""Names of the domain events, as they appear in webhook bodies."""

CONVERSATION_CREATED = "conversation_created"
CONVERSATION_UPDATED = "conversation_updated"
CONVERSATION_STATUS_CHANGED = "conversation_status_changed"
MESSAGE_CREATED = "message_created"
MESSAGE_UPDATED = "message_updated"
CONTACT_CREATED = "contact_created"
CONTACT_UPDATED = "contact_updated"
CONTACT_DELETED = "contact_deleted"
CONTACT_MERGED = "contact_merged"
INBOX_CREATED = "inbox_created"
INBOX_UPDATED = "inbox_updated"
CONVERSATION_TYPING_ON = "conversation_typing_on"
CONVERSATION_TYPING_OFF = "conversation_typing_off"
WEBWIDGET_TRIGGERED = "webwidget_triggered"
ASSIGNEE_CHANGED = "assignee_changed"
TEAM_CHANGED = "team_changed"
CONVERSATION_READ = "conversation_read"
NOTIFICATION_CREATED = "notification_created"
NOTIFICATION_UPDATED = "notification_updated"
NOTIFICATION_DELETED = "notification_deleted"

# Each name's typed model (what it carries, where it goes, both renderings): events/types.py.

# What an API inbox's webhook_url receives: every conversation and message event of that inbox.
API_INBOX_EVENTS = frozenset(
    {
        CONVERSATION_CREATED,
        CONVERSATION_UPDATED,
        CONVERSATION_STATUS_CHANGED,
        MESSAGE_CREATED,
        MESSAGE_UPDATED,
        CONVERSATION_TYPING_ON,
        CONVERSATION_TYPING_OFF,
    }
)

# What an account webhook may subscribe to (Chatwoot's list; anything else is a 422).
WEBHOOK_SUBSCRIPTIONS = (
    CONVERSATION_CREATED,
    CONVERSATION_STATUS_CHANGED,
    CONVERSATION_UPDATED,
    CONTACT_CREATED,
    CONTACT_UPDATED,
    MESSAGE_CREATED,
    MESSAGE_UPDATED,
    WEBWIDGET_TRIGGERED,
    INBOX_CREATED,
    INBOX_UPDATED,
    CONVERSATION_TYPING_ON,
    CONVERSATION_TYPING_OFF,
)

# What an inbox's agent bot receives (Chatwoot's AgentBotListener). A status change reaches it only as
# conversation_opened or conversation_resolved, the names Chatwoot sends bots; activity notes never.
AGENT_BOT_EVENTS = frozenset({MESSAGE_CREATED, MESSAGE_UPDATED, CONVERSATION_STATUS_CHANGED})
AGENT_BOT_STATUS_EVENTS = {"open": "conversation_opened", "resolved": "conversation_resolved"}

# Events that lose their meaning within a minute: their deliveries stop being retried after that.
EPHEMERAL_EVENTS = frozenset({CONVERSATION_TYPING_ON, CONVERSATION_TYPING_OFF})
