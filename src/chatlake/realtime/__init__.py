"""Real-time: the /cable websocket, the per-process hub, resume cursors, memory or Redis fan-out."""
