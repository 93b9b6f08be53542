// The account's live events over /cable (ActionCable protocol), resuming from the last cursor seen:
// a tab that slept or lost its connection reconnects with that cursor and the server replays what it
// missed, in order. A "resync" (events gone, or a cursor the server does not know) reloads the page.
const PING_TIMEOUT_MS = 10_000;
const MAX_BACKOFF_MS = 8_000;

export class LiveEvents {
  constructor({ accountId, userId, pubsubToken, cursor, onEvent, onStatus }) {
    this.params = { channel: "RoomChannel", pubsub_token: pubsubToken, account_id: accountId, user_id: userId };
    this.cursor = cursor;
    this.onEvent = onEvent;
    this.onStatus = onStatus || (() => {});
    this.backoff = 250;
    this.socket = null;
    this.lastHeard = 0;
    this.stopped = false;
    setInterval(() => this.checkAlive(), 2_000);
    document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && this.checkAlive());
    window.addEventListener("online", () => this.reconnectNow());
  }

  connect() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(`${scheme}//${location.host}/cable`, ["actioncable-v1-json"]);
    this.socket = socket;
    this.lastHeard = Date.now();
    this.onStatus("connecting");
    socket.addEventListener("message", (event) => socket === this.socket && this.receive(socket, event.data));
    socket.addEventListener("close", () => socket === this.socket && this.scheduleReconnect());
  }

  receive(socket, raw) {
    this.lastHeard = Date.now();
    let frame;
    try {
      frame = JSON.parse(raw);
    } catch {
      return;
    }
    if (frame.type === "welcome") {
      this.identifier = JSON.stringify({ ...this.params, cursor: this.cursor });
      socket.send(JSON.stringify({ command: "subscribe", identifier: this.identifier }));
    } else if (frame.type === "confirm_subscription") {
      this.backoff = 250;
      this.confirmed = socket;
      this.onStatus("live");
      this.onLive?.();
    } else if (frame.type === "reject_subscription") {
      this.onStatus("refused");
      this.stopped = true;
      socket.close();
    } else if (frame.type === "disconnect") {
      socket.close();
    } else if (frame.message && frame.identifier === this.identifier) {
      this.handle(frame.message);
    }
  }

  handle(message) {
    if (message.event === "resync") {
      window.location.reload();
      return;
    }
    if (typeof message.cursor === "number") {
      if (message.cursor <= this.cursor) return; // already applied
      this.cursor = message.cursor;
    }
    try {
      this.onEvent(message.event, message.data || {});
    } catch (error) {
      console.warn("live update failed", error);
    }
  }

  // An action on the subscription (e.g. "viewing"); dropped while disconnected, as it is ephemeral.
  perform(action, data = {}) {
    if (!this.socket || this.confirmed !== this.socket || this.socket.readyState !== WebSocket.OPEN) return false;
    this.socket.send(
      JSON.stringify({ command: "message", identifier: this.identifier, data: JSON.stringify({ action, ...data }) }),
    );
    return true;
  }

  scheduleReconnect() {
    this.socket = null;
    if (this.stopped) return;
    this.onStatus("reconnecting");
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(), this.backoff);
    this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
  }

  reconnectNow() {
    if (this.stopped) return;
    const old = this.socket;
    this.socket = null;
    if (old) old.close();
    clearTimeout(this.timer);
    this.connect();
  }

  // The server pings every 3 s: silence means a dead connection (a laptop that slept, a lost network).
  checkAlive() {
    if (this.socket && Date.now() - this.lastHeard > PING_TIMEOUT_MS) this.reconnectNow();
  }
}
