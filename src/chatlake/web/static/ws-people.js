// Who else is here: agents online (presence) and, for the open conversation, who is typing in it.
// Typing indicators expire on their own, in case the "off" never comes (a closed laptop).
const TYPING_EXPIRES_MS = 30_000;
// Tabs repeat "viewing" every 15 s; three missed heartbeats and the viewer is gone.
const VIEWING_EXPIRES_MS = 45_000;

export class People {
  constructor(myId) {
    this.myId = myId;
    this.presence = {};
    this.typers = new Map(); // "user:1" / "contact:4" -> {name, isUser, isPrivate, conversationId, timer}
    this.viewers = new Map(); // user id -> {name, conversationId, timer}
  }

  attach(root, conversationId) {
    this.root = root;
    this.conversationId = conversationId;
    this.render();
  }

  online(users) {
    this.presence = users;
    this.render();
  }

  // Another agent's "viewing" notice; returns true for a viewer not known before, so the caller can
  // say it is here too (the newcomer then learns of it at once instead of at the next heartbeat).
  viewing(conversationId, person, on) {
    const known = this.viewers.get(person.id);
    if (known) clearTimeout(known.timer);
    this.viewers.delete(person.id);
    if (on) {
      const timer = setTimeout(() => {
        this.viewers.delete(person.id);
        this.render();
      }, VIEWING_EXPIRES_MS);
      this.viewers.set(person.id, { name: person.name || `Agent ${person.id}`, conversationId, timer });
    }
    this.render();
    return on && (!known || known.conversationId !== conversationId);
  }

  typing(conversationId, person, on, isPrivate = false) {
    const isUser = person.type === "user";
    const key = `${isUser ? "user" : "contact"}:${person.id}`;
    const known = this.typers.get(key);
    if (known) clearTimeout(known.timer);
    this.typers.delete(key);
    if (on && conversationId) {
      const timer = setTimeout(() => {
        this.typers.delete(key);
        this.render();
      }, TYPING_EXPIRES_MS);
      this.typers.set(key, { name: person.name || "Someone", isUser, isPrivate, conversationId, timer });
    }
    this.render();
  }

  agentName(id) {
    const option = this.root?.querySelector(`#assignee-select option[value="${id}"]`);
    return option ? option.textContent.replace(/ \(you\)$/, "") : `Agent ${id}`;
  }

  render() {
    if (!this.root) return;
    const here = [...this.typers.values()].filter((t) => t.conversationId === this.conversationId);
    const line = this.root.querySelector("[data-typing]");
    if (line) {
      line.textContent = here
        .map((t) => `${t.name} is ${t.isUser ? (t.isPrivate ? "writing a private note" : "typing a reply") : "typing"}…`)
        .join(" ");
    }
    const viewersLine = this.root.querySelector("[data-viewers]");
    const viewing = [...this.viewers.entries()].filter(([, v]) => v.conversationId === this.conversationId);
    if (viewersLine) {
      const names = viewing.map(([, v]) => v.name);
      viewersLine.textContent = names.length
        ? `${names.join(", ")} ${names.length === 1 ? "is" : "are"} also viewing this conversation.`
        : "";
      viewersLine.hidden = !names.length;
    }
    const list = this.root.querySelector("[data-people]");
    if (!list) return;
    const items = Object.entries(this.presence)
      .filter(([id]) => Number(id) !== this.myId)
      .map(([id, state]) => {
        const item = document.createElement("li");
        item.className = `person person-${state}`;
        item.dataset.user = id;
        const typer = here.find((t) => t.isUser && this.typers.get(`user:${id}`) === t);
        const viewer = viewing.some(([viewerId]) => String(viewerId) === id);
        const doing = typer ? "typing here" : viewer ? "viewing this conversation" : state;
        item.textContent = `${this.agentName(id)} · ${doing}`;
        return item;
      });
    if (!items.length) {
      const none = document.createElement("li");
      none.className = "muted";
      none.textContent = "No other agent is online.";
      items.push(none);
    }
    list.replaceChildren(...items);
  }
}
