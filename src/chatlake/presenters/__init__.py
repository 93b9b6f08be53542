"""JSON shapes on the wire (Chatwoot's), built from loaded rows; no queries here."""
