// The agent workspace: list and conversation, kept live from the account's event stream, switched
// without page loads, driven by mouse or keyboard.
import { LiveEvents } from "./ws-cable.js";
import { getHtml, postJson, swapParts } from "./ws-http.js";
import { ConversationList } from "./ws-list.js";
import { Thread } from "./ws-thread.js";
import { Composer } from "./ws-composer.js";
import { ConversationActions } from "./ws-actions.js";
import { installShortcuts, Palette } from "./ws-keys.js";
import { showRelativeTimes } from "./relative-time.js";
import { People } from "./ws-people.js";

const LIST_PAUSE_MS = 300;
const first = document.getElementById("workspace");
const me = { id: Number(first.dataset.userId), name: first.dataset.userName };
const people = new People(me.id);
let view = null;

function mount(root) {
  const conversationId = root.dataset.conversationId ? Number(root.dataset.conversationId) : null;
  const current = { root, conversationId, list: new ConversationList(root, { currentId: conversationId }) };
  if (conversationId) {
    current.thread = new Thread(root, conversationId);
    current.actions = new ConversationActions(root, {
      conversationId,
      userId: me.id,
      onChanged: () => Promise.all([refreshParts(), current.thread.fetchNewer(), current.list.refresh()]),
    });
    current.composer = new Composer(root.querySelector("[data-composer]"), {
      conversationId,
      thread: current.thread,
      userName: me.name,
      onSent: () => current.list.refresh(),
    });
    markSeen();
  }
  people.attach(root, conversationId);
  return current;
}

async function refreshParts() {
  if (!view?.conversationId) return;
  const { html } = await getHtml(`/app/conversations/${view.conversationId}/parts${window.location.search}`);
  for (const part of swapParts(view.root, html)) showRelativeTimes(part);
  people.render();
}

let seenTimer;
function markSeen() {
  clearTimeout(seenTimer);
  seenTimer = setTimeout(() => {
    if (view?.conversationId && document.visibilityState === "visible") {
      postJson(`/app/api/conversations/${view.conversationId}/seen`)
        .then(() => view.list.refresh())
        .catch(() => {});
    }
  }, 300);
}

let listTimer;
function refreshListSoon() {
  clearTimeout(listTimer);
  listTimer = setTimeout(() => view.list.refresh().catch(() => {}), LIST_PAUSE_MS);
}

function onEvent(name, data) {
  if (name === "presence.update") {
    people.online(data.users || {});
    return;
  }
  if (name === "conversation.viewing") {
    const isNew = people.viewing(data.conversation_id, data.user || {}, data.viewing);
    if (isNew && data.conversation_id === view.conversationId) announceViewing();
    return;
  }
  if (name === "conversation.typing_on" || name === "conversation.typing_off") {
    people.typing(data.conversation?.id, data.user || {}, name.endsWith("_on"), data.is_private);
    return;
  }
  if (!name.startsWith("conversation.") && !name.startsWith("message.")) return;
  refreshListSoon();
  const id = name.startsWith("message.") ? data.conversation_id : data.id;
  if (!view.conversationId || id !== view.conversationId) return;
  if (name.startsWith("message.")) {
    view.thread.fetchNewer().catch(() => {});
    if (data.message_type === 0) {
      people.typing(id, data.sender || {}, false);
      markSeen();
    }
  } else {
    refreshParts().catch(() => {});
  }
}

// -- telling other agents which conversation is open here -------------------------------------------

const VIEWING_EVERY_MS = 15_000;
let announced = null;

function announceViewing() {
  const open = document.visibilityState === "visible" ? view?.conversationId : null;
  if (announced && announced !== open) live.perform("viewing", { conversation_id: announced, viewing: false });
  if (open) live.perform("viewing", { conversation_id: open, viewing: true });
  announced = open;
}

setInterval(announceViewing, VIEWING_EVERY_MS);
document.addEventListener("visibilitychange", announceViewing);
window.addEventListener("pagehide", () => {
  if (announced) live.perform("viewing", { conversation_id: announced, viewing: false });
});

// -- moving between conversations without reloading the page ---------------------------------------

async function navigate(url, push = true) {
  let page;
  try {
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } });
    if (!response.ok || new URL(response.url).pathname === "/app/login") throw new Error("not a workspace page");
    page = new DOMParser().parseFromString(await response.text(), "text/html");
  } catch {
    window.location.assign(url);
    return;
  }
  const next = page.getElementById("workspace");
  if (!next) {
    window.location.assign(url);
    return;
  }
  view.actions?.destroy();
  view.composer?.stopTyping();
  const adopted = document.adoptNode(next);
  view.root.replaceWith(adopted);
  document.title = page.title;
  if (push) history.pushState({ workspace: true }, "", url);
  showRelativeTimes(adopted);
  const pageCursor = Number(adopted.dataset.cursor || 0);
  view = mount(adopted);
  announceViewing();
  if (live.cursor > pageCursor) {
    // Events applied to the previous view while this page was rendered: bring it up to date.
    view.list.refresh().catch(() => {});
    if (view.conversationId) {
      refreshParts().catch(() => {});
      view.thread.fetchNewer().catch(() => {});
    }
  }
  // The focus stays in the list, so j / k and the other shortcuts keep working; r or n reach the composer.
  adopted.querySelector(".conv-row.is-current a")?.focus({ preventScroll: true });
}

document.addEventListener("click", (event) => {
  const link = event.target.closest("a.conv-link, a.back-link");
  if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(link.href);
});
window.addEventListener("popstate", () => navigate(window.location.href, false));

// -- keyboard and palette ----------------------------------------------------------------------------

function statusAction() {
  const button = view.root.querySelector("[data-part=head] [data-action=resolve], [data-part=head] [data-action=reopen]");
  return button?.dataset.action;
}

function commands() {
  const list = [];
  const add = (title, run, hint = "") => list.push({ title, run, hint });
  if (view.conversationId) {
    const act = (name, value) => () => view.actions.run(name, value);
    add("Reply", () => view.composer.setMode("reply", true), "r");
    add("Private note", () => view.composer.setMode("note", true), "n");
    add(statusAction() === "reopen" ? "Reopen conversation" : "Resolve conversation", act(statusAction()), "e");
    add("Mark as pending", act("pending"));
    add("Snooze until tomorrow", act("snooze", "tomorrow"));
    add("Snooze until next week", act("snooze", "next_week"));
    add("Snooze until a chosen time…", () => {
      const menu = view.root.querySelector("[data-snooze-menu]");
      menu.open = true;
      menu.querySelector("[data-snooze-at]").focus();
    });
    add(view.root.querySelector("[data-action=unmute]") ? "Unmute conversation" : "Mute conversation",
      act(view.root.querySelector("[data-action=unmute]") ? "unmute" : "mute"));
    add("Assign to me", act("assign-me"));
    for (const option of view.root.querySelectorAll("#assignee-select option")) {
      add(option.value ? `Assign to ${option.textContent}` : "Unassign agent", act("assignee", option.value));
    }
    for (const option of view.root.querySelectorAll("#team-select option")) {
      add(option.value ? `Assign team ${option.textContent}` : "Remove team", act("team", option.value));
    }
    for (const option of view.root.querySelectorAll("#priority-select option")) {
      add(`Priority: ${option.textContent}`, act("priority", option.value));
    }
    for (const box of view.root.querySelectorAll("[data-labels] input[type=checkbox]")) {
      add(`${box.checked ? "Remove" : "Add"} label ${box.value}`, () => box.click());
    }
  }
  add("Search conversations", () => view.list.focusSearch(), "/");
  for (const [tab, title] of [["mine", "Mine"], ["unassigned", "Unassigned"], ["all", "All"]]) {
    add(`Show ${title} conversations`, () => navigate(`/app?tab=${tab}`));
  }
  for (const status of ["open", "pending", "snoozed", "resolved", "all"]) {
    add(`Show ${status} conversations`, () => navigate(`/app?status=${status}`));
  }
  for (const row of view.root.querySelectorAll(".conv-row")) {
    const name = row.querySelector(".conv-contact")?.textContent || "";
    add(`Open #${row.dataset.conversation} ${name}`, () => navigate(row.querySelector("a").href));
  }
  for (const link of document.querySelectorAll(".main-nav a")) {
    add(`Go to ${link.textContent.trim()}`, () => window.location.assign(link.href));
  }
  add("Keyboard shortcuts", () => document.querySelector("[data-shortcuts]").showModal(), "?");
  return list;
}

const palette = new Palette(document.querySelector("[data-palette]"), commands);
document.addEventListener("click", (event) => event.target.closest("[data-open-palette]") && palette.open());
installShortcuts({
  openPalette: () => palette.open(),
  keys: {
    j: () => view.list.move(1),
    k: () => view.list.move(-1),
    r: () => view.composer?.setMode("reply", true),
    n: () => view.composer?.setMode("note", true),
    e: () => view.conversationId && statusAction() && view.actions.run(statusAction()),
    "?": () => document.querySelector("[data-shortcuts]").showModal(),
    "/": () => view.list.focusSearch(),
  },
});

view = mount(first);
const live = new LiveEvents({
  accountId: Number(first.dataset.accountId),
  userId: me.id,
  pubsubToken: first.dataset.pubsubToken,
  cursor: Number(first.dataset.cursor || 0),
  onEvent,
  onStatus: (state) => {
    document.documentElement.dataset.live = state;
  },
});
live.onLive = announceViewing;
live.connect();
setInterval(() => showRelativeTimes(document), 60_000);
