"""The agent workspace: the live conversation list, the conversation view and their JSON writes."""
