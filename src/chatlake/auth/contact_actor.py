"""A contact acting through the Client (public) API or the website widget, on one session of one inbox."""

from __future__ import annotations

from dataclasses import dataclass

from chatlake.models import Account, ChannelApi, ChannelWebWidget, Contact, ContactInbox, Inbox


@dataclass(frozen=True)
class PublicInbox:
    """An inbox reached by its public identifier (an API inbox's `identifier`, a widget's `website_token`)."""

    account: Account
    inbox: Inbox
    api_channel: ChannelApi | None
    widget: ChannelWebWidget | None

    @property
    def account_id(self) -> int:
        return self.account.id

    @property
    def identifier(self) -> str:
        if self.api_channel is not None:
            return self.api_channel.identifier
        if self.widget is None:
            raise RuntimeError("a contact actor belongs to an API or a website inbox")
        return self.widget.website_token

    @property
    def hmac_token(self) -> str:
        channel = self.api_channel or self.widget
        if channel is None:
            raise RuntimeError("a contact actor belongs to an API or a website inbox")
        return channel.hmac_token

    @property
    def hmac_mandatory(self) -> bool:
        channel = self.api_channel or self.widget
        return bool(channel and channel.hmac_mandatory)


@dataclass(frozen=True)
class ContactActor:
    """The contact of one session (contact inbox). Its reach is that inbox and its own conversations there;
    it is never an administrator, a bot or an automation, and it has no user."""

    public: PublicInbox
    contact: Contact
    contact_inbox: ContactInbox

    is_bot = False
    is_administrator = False
    is_automation = False
    user = None

    @property
    def account(self) -> Account:
        return self.public.account

    @property
    def account_id(self) -> int:
        return self.public.account.id

    @property
    def inbox(self) -> Inbox:
        return self.public.inbox

    @property
    def name(self) -> str:
        return self.contact.name or "the contact"

    @property
    def sender(self) -> tuple[str, int]:
        return "Contact", self.contact.id
