"""The Client (public) API: `/public/api/v1/inboxes/{inbox_identifier}/…`, for customers' own front ends and
the website widget. No credentials: the inbox's public identifier and the session's `source_id` name the caller,
and a contact only ever reaches its own conversations."""
