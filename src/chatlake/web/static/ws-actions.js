// The conversation's actions (status, snooze, mute, assignee, team, priority, labels). Each calls a
// workspace endpoint; the header and panel are then re-rendered by the server (parts fragment).
import { postJson } from "./ws-http.js";

const MORNING_HOUR = 9;

export function snoozeUntil(choice, chosenValue, now = new Date()) {
  const at = new Date(now);
  if (choice === "tomorrow") {
    at.setDate(at.getDate() + 1);
    at.setHours(MORNING_HOUR, 0, 0, 0);
  } else if (choice === "next_week") {
    const daysToMonday = ((8 - at.getDay()) % 7) || 7;
    at.setDate(at.getDate() + daysToMonday);
    at.setHours(MORNING_HOUR, 0, 0, 0);
  } else {
    const chosen = chosenValue ? new Date(chosenValue) : null;
    if (!chosen || Number.isNaN(chosen.getTime()) || chosen <= now) return null;
    return Math.floor(chosen.getTime() / 1000);
  }
  return Math.floor(at.getTime() / 1000);
}

export class ConversationActions {
  constructor(root, { conversationId, userId, onChanged }) {
    this.root = root;
    this.id = conversationId;
    this.userId = userId;
    this.onChanged = onChanged;
    this.onClick = (event) => this.click(event);
    this.onChange = (event) => this.change(event);
    this.onSubmit = (event) => this.submit(event);
    root.addEventListener("click", this.onClick);
    root.addEventListener("change", this.onChange);
    root.addEventListener("submit", this.onSubmit);
  }

  destroy() {
    this.root.removeEventListener("click", this.onClick);
    this.root.removeEventListener("change", this.onChange);
    this.root.removeEventListener("submit", this.onSubmit);
  }

  url(action) {
    return `/app/api/conversations/${this.id}/${action}`;
  }

  // Every action the page (and the command palette) can run, by name.
  async run(name, value) {
    const calls = {
      resolve: () => ["status", { status: "resolved" }],
      reopen: () => ["status", { status: "open" }],
      toggle_status: () => ["status", {}],
      pending: () => ["status", { status: "pending" }],
      snooze: () => {
        const until = snoozeUntil(value, this.root.querySelector("[data-snooze-at]")?.value);
        if (until === null) throw new Error("Choose a time in the future to snooze until.");
        return ["status", { status: "snoozed", snoozed_until: until }];
      },
      mute: () => ["mute", {}],
      unmute: () => ["unmute", {}],
      assignee: () => ["assignee", { assignee_id: value || null }],
      "assign-me": () => ["assignee", { assignee_id: this.userId }],
      team: () => ["team", { team_id: value || null }],
      priority: () => ["priority", { priority: value }],
      labels: () => ["labels", { labels: value }],
    };
    const call = calls[name];
    if (!call) return;
    try {
      const [path, body] = call();
      this.status("Saving…");
      await postJson(this.url(path), body);
      this.status("Saved");
      await this.onChanged?.();
    } catch (error) {
      this.status(error.message, true);
    }
  }

  status(text, isError = false) {
    const line = this.root.querySelector("[data-save-status]");
    if (!line) return;
    line.textContent = text;
    line.classList.toggle("is-error", isError);
  }

  checkedLabels() {
    return [...this.root.querySelectorAll("[data-labels] input[type=checkbox]:checked")].map((box) => box.value);
  }

  click(event) {
    const button = event.target.closest("button[data-action]");
    if (!button || !this.root.contains(button)) return;
    event.preventDefault();
    button.closest("details")?.removeAttribute("open");
    this.run(button.dataset.action, button.dataset.until);
  }

  change(event) {
    const target = event.target;
    if (target.matches("select[data-action]")) {
      this.run(target.dataset.action, target.value);
    } else if (target.matches("[data-labels] input[type=checkbox]")) {
      this.run("labels", this.checkedLabels());
    }
  }

  submit(event) {
    const form = event.target.closest("[data-add-label]");
    if (!form) return;
    event.preventDefault();
    const label = form.elements.label.value.trim();
    if (!label) return;
    this.run("labels", [...this.checkedLabels(), label]);
  }
}
