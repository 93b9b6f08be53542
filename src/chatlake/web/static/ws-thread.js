// One conversation's messages: newer ones fetched as events arrive, older ones as the reader scrolls
// up, optimistic replies reconciled with the stored message by echo_id.
import { getHtml, parseFragment } from "./ws-http.js";
import { showRelativeTimes } from "./relative-time.js";

const NEAR_TOP_PX = 80;
const NEAR_BOTTOM_PX = 120;

export class Thread {
  constructor(root, conversationId) {
    this.root = root;
    this.id = conversationId;
    this.list = root.querySelector("[data-thread]");
    this.scroller = root.querySelector("[data-thread-scroll]");
    const olderLink = root.querySelector("[data-older]");
    this.olderCursor = olderLink ? olderLink.dataset.older : null;
    this.fetching = null;
    this.again = false;
    this.scrollToEnd();
    if (olderLink) {
      olderLink.addEventListener("click", (event) => {
        event.preventDefault();
        this.loadOlder();
      });
    }
    this.scroller?.addEventListener("scroll", () => {
      if (this.scroller.scrollTop < NEAR_TOP_PX) this.loadOlder();
    });
  }

  get newestId() {
    let newest = 0;
    for (const item of this.list.querySelectorAll("li[data-message]")) newest = Math.max(newest, Number(item.dataset.message));
    return newest;
  }

  // The newest message from the contact: the composer compares it with what it saw when typing began.
  get newestIncomingId() {
    const items = this.list.querySelectorAll('li[data-kind="incoming"][data-message]');
    return items.length ? Number(items[items.length - 1].dataset.message) : 0;
  }

  isNearEnd() {
    const s = this.scroller;
    return !s || s.scrollHeight - s.scrollTop - s.clientHeight < NEAR_BOTTOM_PX;
  }

  scrollToEnd() {
    if (this.scroller) this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  // Adds server-rendered messages, replacing an optimistic copy with the same echo id and skipping
  // messages already shown (events and replies may both bring the same one).
  insert(html, { prepend = false } = {}) {
    const stick = this.isNearEnd();
    const fragment = parseFragment(html);
    const added = [];
    for (const item of [...fragment.querySelectorAll("li[data-message]")]) {
      if (this.list.querySelector(`li[data-message="${item.dataset.message}"]`)) continue;
      const pending = item.dataset.echo && this.pendingFor(item.dataset.echo);
      if (pending) {
        pending.replaceWith(item);
      } else if (prepend) {
        added.push(item);
      } else {
        this.list.append(item);
      }
      showRelativeTimes(item);
    }
    if (prepend && added.length) {
      const before = this.scroller.scrollHeight;
      this.list.prepend(...added);
      this.scroller.scrollTop += this.scroller.scrollHeight - before;
    }
    this.root.querySelector("[data-thread-empty]")?.remove();
    if (!prepend && stick) this.scrollToEnd();
  }

  pendingFor(echoId) {
    for (const item of this.list.querySelectorAll("li.is-pending")) if (item.dataset.echo === echoId) return item;
    return null;
  }

  addPending(echoId, content, isNote, senderName, files = []) {
    const item = document.createElement("li");
    item.className = `message message-${isNote ? "note" : "outgoing"} is-pending`;
    item.dataset.echo = echoId;
    item.dataset.kind = isNote ? "note" : "outgoing";
    const meta = document.createElement("div");
    meta.className = "meta";
    const sender = document.createElement("span");
    sender.className = "sender";
    sender.textContent = senderName;
    meta.append(sender);
    if (isNote) {
      const tag = document.createElement("span");
      tag.className = "tag tag-note";
      tag.textContent = "Private note";
      meta.append(tag);
    }
    const state = document.createElement("span");
    state.className = "pending-state";
    state.textContent = "Sending…";
    meta.append(state);
    item.append(meta);
    if (content) {
      const text = document.createElement("p");
      text.className = "content";
      text.textContent = content;
      item.append(text);
    }
    if (files.length) {
      const list = document.createElement("ul");
      list.className = "attachments";
      for (const file of files) {
        const entry = document.createElement("li");
        entry.className = "attachment";
        entry.textContent = file.name;
        list.append(entry);
      }
      item.append(list);
    }
    this.list.append(item);
    this.root.querySelector("[data-thread-empty]")?.remove();
    this.scrollToEnd();
    return item;
  }

  // Newer messages after the newest shown; calls that arrive while one runs are merged into one more.
  async fetchNewer() {
    if (this.fetching) {
      this.again = true;
      return this.fetching;
    }
    this.fetching = (async () => {
      do {
        this.again = false;
        const newest = this.newestId;
        const { html } = await getHtml(`/app/conversations/${this.id}/messages${newest ? `?after=${newest}` : ""}`);
        this.insert(html);
      } while (this.again);
    })().finally(() => {
      this.fetching = null;
    });
    return this.fetching;
  }

  async loadOlder() {
    if (!this.olderCursor || this.loadingOlder) return;
    this.loadingOlder = true;
    try {
      const { html, headers } = await getHtml(`/app/conversations/${this.id}/messages?before=${this.olderCursor}`);
      this.insert(html, { prepend: true });
      this.olderCursor = headers.get("X-Older-Cursor");
      if (!this.olderCursor) this.root.querySelector("[data-older]")?.closest(".older")?.remove();
    } finally {
      this.loadingOlder = false;
    }
  }
}
