// The chat window inside the website widget's iframe. It speaks the Client API (the inbox named by its website
// token, the visitor's session by its source_id) and follows the visitor's own websocket stream.
const config = JSON.parse(document.getElementById("widget-config").textContent);
const API = `/public/api/v1/inboxes/${encodeURIComponent(config.websiteToken)}`;
const STORAGE_KEY = `chatlake:${config.websiteToken}`;
const embedded = window.parent !== window;
const $ = (id) => document.getElementById(id);

const state = { session: null, conversation: null, messages: new Map(), cursor: null, open: !embedded, unread: 0 };
let socket = null;
let typingTimer = null;
let typingSent = false;

// -- the embedding page ----------------------------------------------------------------------------

function tellParent(message) {
  if (embedded) window.parent.postMessage({ chatlake: true, ...message }, "*");
}

function saveSession(session) {
  state.session = session;
  try {
    if (session) localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    else localStorage.removeItem(STORAGE_KEY);
  } catch { /* partitioned or refused: the page keeps it for us */ }
  tellParent({ event: "session", session });
}

function localSession() {
  try { return JSON.parse(localStorage.getItem(STORAGE_KEY) || "null"); } catch { return null; }
}

// -- the Client API --------------------------------------------------------------------------------

async function call(method, path, body) {
  const response = await fetch(API + path, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = new Error((data && (data.message || data.error)) || `HTTP ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return data;
}

const contactPath = () => `/contacts/${encodeURIComponent(state.session.source_id)}`;
const conversationPath = () => `${contactPath()}/conversations/${state.conversation.id}`;

async function ensureContact(fields = {}) {
  if (state.session) return;
  const contact = await call("POST", "/contacts", fields);
  saveSession({ source_id: contact.source_id, pubsub_token: contact.pubsub_token });
  connect();
}

async function ensureConversation() {
  if (state.conversation) return;
  state.conversation = await call("POST", `${contactPath()}/conversations`, {});
  render();
}

// -- rendering (text only: nothing a visitor or agent typed becomes markup) ------------------------------

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function csatNode(message) {
  const answered = message.content_attributes?.submitted_values?.csat_survey_response;
  const box = el("div", "csat");
  box.append(el("p", null, message.content || "Please rate the conversation"));
  const rating = el("div", "rating");
  rating.setAttribute("role", "group");
  rating.setAttribute("aria-label", "Rate the conversation from 1 to 5");
  let chosen = answered?.rating || 0;
  const faces = ["😞", "😕", "😐", "🙂", "😀"];
  faces.forEach((face, i) => {
    const button = el("button", null, face);
    button.type = "button";
    button.setAttribute("aria-label", `${i + 1} of 5`);
    button.setAttribute("aria-pressed", String(chosen === i + 1));
    button.addEventListener("click", () => {
      chosen = i + 1;
      rating.querySelectorAll("button").forEach((b, j) => b.setAttribute("aria-pressed", String(j === i)));
    });
    rating.append(button);
  });
  box.append(rating);
  const label = el("label", null, "Tell us more (optional)");
  const comment = el("textarea");
  comment.rows = 2;
  comment.maxLength = 2000;
  comment.id = `csat-comment-${message.id}`;
  label.htmlFor = comment.id;
  comment.value = answered?.feedback_message || "";
  const submit = el("button", "primary", answered ? "Update rating" : "Submit rating");
  submit.type = "button";
  submit.addEventListener("click", async () => {
    if (!chosen) return showError("composer-error", "Choose a rating from 1 to 5.");
    try {
      const updated = await call("PATCH", `${conversationPath()}/messages/${message.id}`, {
        submitted_values: { csat_survey_response: { rating: chosen, feedback_message: comment.value } },
      });
      upsert(updated);
    } catch (error) { showError("composer-error", error.message); }
  });
  box.append(label, comment, submit);
  if (answered) box.append(el("p", "thanks", `Thank you! You rated ${answered.rating} of 5.`));
  return box;
}

function optionsNode(message) {
  const box = el("div", "options");
  for (const item of message.content_attributes?.items || []) {
    const button = el("button", null, item.title);
    button.type = "button";
    button.addEventListener("click", async () => {
      try {
        upsert(await call("PATCH", `${conversationPath()}/messages/${message.id}`, {
          submitted_values: [{ title: item.title, value: item.value }],
        }));
        await send(item.title);
      } catch (error) { showError("composer-error", error.message); }
    });
    box.append(button);
  }
  return box;
}

function messageNode(message) {
  const mine = message.message_type === 0;
  const item = el("li", `msg ${mine ? "mine" : "theirs"}`);
  item.dataset.id = message.id;
  if (!mine && message.sender?.name) item.append(el("span", "who", message.sender.available_name || message.sender.name));
  if (message.content_type === "input_csat") {
    item.append(csatNode(message));
    return item;
  }
  item.append(el("span", "text", message.content || ""));
  for (const file of message.attachments || []) {
    const link = el("a", null, file.file_name || "attachment");
    link.href = file.data_url;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    item.append(document.createElement("br"), link);
  }
  if (message.content_type === "input_select") item.append(optionsNode(message));
  return item;
}

function outOfOffice() {
  if (!config.workingHoursEnabled) return false;
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: config.timezone || "UTC", weekday: "short", hour: "numeric", minute: "numeric", hourCycle: "h23",
  }).formatToParts(new Date());
  const get = (type) => parts.find((p) => p.type === type)?.value;
  const day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(get("weekday"));
  const minutes = Number(get("hour")) * 60 + Number(get("minute"));
  const today = (config.workingHours || []).find((d) => d.day_of_week === day);
  if (!today || today.closed_all_day) return true;
  if (today.open_all_day) return false;
  const opens = today.open_hour * 60 + today.open_minutes;
  const closes = today.close_hour * 60 + today.close_minutes;
  return minutes < opens || minutes >= closes;
}

function render() {
  const list = $("messages");
  list.replaceChildren();
  // Before the first message only: once the conversation exists, the inbox stores its greeting and
  // out-of-office replies as messages of the conversation, shown with the rest.
  const empty = state.messages.size === 0;
  if (empty && config.greetingEnabled && config.greetingMessage) {
    list.append(el("li", "msg theirs", config.greetingMessage));
  }
  if (empty && outOfOffice() && config.outOfOfficeMessage) {
    list.append(el("li", "msg notice", config.outOfOfficeMessage));
  }
  const ordered = [...state.messages.values()].sort((a, b) => a.id - b.id);
  for (const message of ordered) list.append(messageNode(message));
  const needsPrechat = !state.session && config.preChatFormEnabled;
  $("prechat").hidden = !needsPrechat;
  $("composer").hidden = needsPrechat;
  const body = list.parentElement;
  body.scrollTop = body.scrollHeight;
}

function upsert(message) {
  if (message.echo_id) {
    for (const [key, known] of state.messages) if (known.echo_id === message.echo_id && key !== message.id) state.messages.delete(key);
  }
  state.messages.set(message.id, message);
  render();
}

function showError(id, text) { $(id).textContent = text || ""; }

// -- live updates: the contact's own stream, resumed from the last cursor after a reconnect ----------------

function connect() {
  if (!state.session || socket) return;
  const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/cable`;
  socket = new WebSocket(url, ["actioncable-v1-json"]);
  const identifier = () => JSON.stringify({
    channel: "RoomChannel",
    pubsub_token: state.session.pubsub_token,
    ...(state.cursor ? { cursor: state.cursor } : {}),
  });
  let subscribed = null;
  socket.addEventListener("message", (frame) => {
    const data = JSON.parse(frame.data);
    if (data.type === "welcome") {
      subscribed = identifier();
      socket.send(JSON.stringify({ command: "subscribe", identifier: subscribed }));
    } else if (data.type === "confirm_subscription" && data.identifier === subscribed && !subscribed.includes("cursor")) {
      // Live from now on: what arrived between the page's read and this moment is read once more.
      refreshMessages();
    } else if (data.message) {
      handle(data.message);
    }
  });
  socket.addEventListener("close", () => {
    socket = null;
    if (state.session) setTimeout(connect, 1000 + Math.random() * 2000);
  });
}

function handle(push) {
  if (push.cursor) state.cursor = push.cursor;
  const data = push.data || {};
  if (push.event === "resync") {
    loadConversation();
  } else if (push.event === "message.created" || push.event === "message.updated") {
    if (!state.conversation || data.conversation_id !== state.conversation.id) {
      if (push.event === "message.created" && !state.conversation) loadConversation();
      return;
    }
    upsert(data);
    if (push.event === "message.created" && data.message_type !== 0) {
      $("typing").textContent = "";
      if (state.open) markSeen();
      else tellParent({ event: "unread", count: ++state.unread });
    }
  } else if (push.event === "conversation.typing_on" || push.event === "conversation.typing_off") {
    const on = push.event === "conversation.typing_on";
    const who = data.user?.available_name || data.user?.name || "Support";
    $("typing").textContent = on ? `${who} is typing…` : "";
  } else if (push.event === "conversation.status_changed" && state.conversation && data.id === state.conversation.id) {
    state.conversation.status = data.status;
  }
}

async function refreshMessages() {
  if (!state.conversation) return;
  try {
    for (const message of await call("GET", `${conversationPath()}/messages`)) state.messages.set(message.id, message);
    render();
  } catch { /* the next push or reload catches up */ }
}

async function markSeen() {
  if (!state.conversation) return;
  state.unread = 0;
  try { await call("POST", `${conversationPath()}/update_last_seen`); } catch { /* not worth telling */ }
}

// -- loading and sending --------------------------------------------------------------------------------

async function loadConversation() {
  if (!state.session) return render();
  try {
    const conversations = await call("GET", `${contactPath()}/conversations`);
    state.conversation = conversations[0] || null;
    state.messages.clear();
    if (state.conversation) {
      for (const message of await call("GET", `${conversationPath()}/messages`)) state.messages.set(message.id, message);
    }
  } catch (error) {
    if (error.status === 404 || error.status === 401) {
      saveSession(null); // the session is gone (or no longer allowed): start afresh
      state.conversation = null;
      state.messages.clear();
    } else {
      showError("composer-error", error.message);
    }
  }
  render();
  connect();
}

async function send(content, contactFields) {
  const echo = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  await ensureContact(contactFields);
  await ensureConversation();
  const message = await call("POST", `${conversationPath()}/messages`, { content, echo_id: echo });
  upsert(message);
}

$("composer").addEventListener("submit", async (event) => {
  event.preventDefault();
  const input = $("composer-input");
  const content = input.value.trim();
  if (!content) return;
  showError("composer-error", "");
  input.value = "";
  stopTyping();
  try { await send(content); } catch (error) { input.value = content; showError("composer-error", error.message); }
});

$("composer-input").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey) {
    event.preventDefault();
    $("composer").requestSubmit();
  }
});

$("composer-input").addEventListener("input", () => {
  if (!state.conversation) return;
  if (!typingSent) {
    typingSent = true;
    call("POST", `${conversationPath()}/toggle_typing`, { typing_status: "on" }).catch(() => {});
  }
  clearTimeout(typingTimer);
  typingTimer = setTimeout(stopTyping, 2000);
});

function stopTyping() {
  clearTimeout(typingTimer);
  if (typingSent && state.conversation) {
    call("POST", `${conversationPath()}/toggle_typing`, { typing_status: "off" }).catch(() => {});
  }
  typingSent = false;
}

function setupPrechat() {
  const options = config.preChatFormOptions || {};
  $("prechat-message").textContent = options.pre_chat_message || "";
  for (const field of options.pre_chat_fields || []) {
    const id = { fullName: "name", emailAddress: "email" }[field.name];
    if (!id || !field.enabled) continue;
    $(`prechat-${id}-field`).hidden = false;
    $(`prechat-${id}`).required = Boolean(field.required);
  }
  $("prechat").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    if (!form.reportValidity()) return;
    const fields = {};
    if ($("prechat-name").value.trim()) fields.name = $("prechat-name").value.trim();
    if ($("prechat-email").value.trim()) fields.email = $("prechat-email").value.trim();
    showError("prechat-error", "");
    try {
      await send($("prechat-content").value.trim(), fields);
      form.reset();
      render();
      $("composer-input").focus();
    } catch (error) { showError("prechat-error", error.message); }
  });
}

// -- what the embedding page asks for (window.$chatwoot) ------------------------------------------------

async function setUser(identifier, user) {
  const fields = {
    identifier,
    name: user.name,
    email: user.email,
    phone_number: user.phone_number,
    avatar_url: user.avatar_url,
    identifier_hash: user.identifier_hash,
  };
  for (const key of Object.keys(fields)) if (fields[key] === undefined || fields[key] === null) delete fields[key];
  try {
    if (!state.session) return await ensureContact(fields);
    await call("PATCH", contactPath(), fields);
  } catch (error) {
    if (error.status === 422) {
      // This session belongs to another signed-in user: a new session for this one.
      reset();
      await ensureContact(fields);
      return loadConversation();
    }
    tellParent({ event: "error", detail: error.message });
  }
}

async function patchContact(fields) {
  try {
    await ensureContact();
    await call("PATCH", contactPath(), fields);
  } catch (error) { tellParent({ event: "error", detail: error.message }); }
}

function reset() {
  if (socket) { const s = socket; socket = null; state.session = null; s.close(); }
  saveSession(null);
  state.conversation = null;
  state.cursor = null;
  state.messages.clear();
  render();
}

const commands = {
  init(message) {
    // The page's storage is the one that lasts; the frame's own (maybe partitioned) copy is the fallback.
    const session = message.session || localSession();
    if (session) saveSession(session);
    if (message.locale) document.documentElement.lang = message.locale;
    state.open = Boolean(message.open);
    loadConversation();
  },
  toggle(message) {
    state.open = message.open;
    if (state.open) {
      markSeen();
      const target = $("prechat").hidden ? $("composer-input") : $("prechat-content");
      target.focus();
    }
  },
  "set-user": (message) => setUser(message.identifier, message.user || {}),
  "set-custom-attributes": (message) => patchContact({ custom_attributes: message.attributes }),
  "delete-custom-attribute": (message) => patchContact({ custom_attributes: { [message.key]: null } }),
  "set-label": (message) => conversationLabel("POST", message.label),
  "remove-label": (message) => conversationLabel("DELETE", message.label),
  "set-locale": (message) => { document.documentElement.lang = message.locale; },
  reset,
};

async function conversationLabel(method, label) {
  if (!state.conversation) return;
  try {
    await call(method, `${conversationPath()}/labels${method === "DELETE" ? `/${encodeURIComponent(label)}` : ""}`,
      method === "POST" ? { labels: [label] } : undefined);
  } catch (error) { tellParent({ event: "error", detail: error.message }); }
}

window.addEventListener("message", (event) => {
  if (!embedded || event.source !== window.parent) return;
  const message = event.data;
  if (!message || message.chatlake !== true || !Object.hasOwn(commands, message.event)) return;
  commands[message.event](message);
});

$("close").addEventListener("click", () => tellParent({ event: "close" }));
document.addEventListener("keydown", (event) => { if (event.key === "Escape") tellParent({ event: "close" }); });

setupPrechat();
render();
if (embedded) {
  tellParent({ event: "loaded", color: config.color });
} else {
  state.session = localSession();
  loadConversation();
}
