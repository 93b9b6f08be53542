// The composer: Reply or Private note, Enter sends and Shift+Enter breaks the line, "/code" offers
// canned responses, typing is announced on and off, and sending warns once when the contact wrote
// something new since the agent started typing. Files picked, dropped or pasted go with the message
// as multipart/form-data.
import { getJson, postForm, postJson } from "./ws-http.js";
import { FilePicker } from "./ws-attachments.js";

const TYPING_IDLE_MS = 3_000;
const CANNED_TOKEN = /(^|\s)\/([\w-]*)$/;

function newEchoId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export class Composer {
  constructor(form, { conversationId, thread, userName, onSent }) {
    this.form = form;
    this.id = conversationId;
    this.thread = thread;
    this.userName = userName;
    this.onSent = onSent;
    this.input = form.querySelector("textarea");
    this.warning = form.querySelector("[data-composer-warning]");
    this.suggestions = form.querySelector(".suggestions");
    this.typing = false;
    this.seenIncoming = null;
    this.warned = false;
    this.picker = new FilePicker(form, { onProblem: (text) => this.showWarning(text) });
    for (const tab of form.querySelectorAll("[data-mode]")) {
      tab.addEventListener("click", () => this.setMode(tab.dataset.mode, true));
    }
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.send();
    });
    this.input.addEventListener("keydown", (event) => this.keydown(event));
    this.input.addEventListener("input", () => this.changed());
    this.input.addEventListener("blur", () => this.stopTyping());
  }

  get isNote() {
    return this.form.dataset.mode === "note";
  }

  setMode(mode, focus) {
    this.form.dataset.mode = mode;
    for (const tab of this.form.querySelectorAll("[data-mode]")) {
      tab.setAttribute("aria-selected", String(tab.dataset.mode === mode));
    }
    this.input.placeholder =
      mode === "note"
        ? "Private note, only agents see it… (Enter adds it)"
        : "Reply… (Enter sends, Shift+Enter new line, / for canned responses)";
    if (focus) this.input.focus();
  }

  keydown(event) {
    if (!this.suggestions.hidden && this.suggestionKey(event)) return;
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.send();
    } else if (event.key === "Escape") {
      this.input.blur();
    }
  }

  changed() {
    const text = this.input.value;
    if (text.trim() && this.seenIncoming === null) this.seenIncoming = this.thread.newestIncomingId;
    if (!text.trim()) this.resetWatch();
    this.hideWarning();
    this.startTyping();
    this.offerCanned();
  }

  resetWatch() {
    this.seenIncoming = null;
    this.warned = false;
  }

  showWarning(text) {
    this.warning.textContent = text;
    this.warning.hidden = false;
  }

  hideWarning() {
    if (this.warning.hidden) return;
    this.warning.hidden = true;
    this.warned = false;
  }

  // -- typing indicator -------------------------------------------------------------------------

  startTyping() {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
    if (this.typing || !this.input.value.trim()) return;
    this.typing = true;
    this.announceTyping("on");
  }

  stopTyping() {
    clearTimeout(this.idleTimer);
    if (!this.typing) return;
    this.typing = false;
    this.announceTyping("off");
  }

  announceTyping(state) {
    postJson(`/app/api/conversations/${this.id}/typing`, { typing_status: state, is_private: this.isNote }).catch(
      () => {},
    );
  }

  // -- sending ----------------------------------------------------------------------------------

  async send() {
    const content = this.input.value.trim();
    if (!content && !this.picker.files.length) return;
    if (!this.warned && this.seenIncoming !== null && this.thread.newestIncomingId > this.seenIncoming) {
      this.warned = true;
      this.showWarning("A new message arrived while you were typing. Read it, then press Enter again to send.");
      return;
    }
    const isNote = this.isNote;
    const echoId = newEchoId();
    const files = this.picker.take();
    const pending = this.thread.addPending(echoId, content, isNote, this.userName, files);
    this.input.value = "";
    this.resetWatch();
    this.hideWarning();
    this.stopTyping();
    this.closeSuggestions();
    const url = `/app/api/conversations/${this.id}/messages`;
    try {
      let reply;
      if (files.length) {
        const form = new FormData();
        if (content) form.append("content", content);
        form.append("private", String(isNote));
        form.append("echo_id", echoId);
        for (const file of files) form.append("attachments[]", file, file.name);
        reply = await postForm(url, form);
      } else {
        reply = await postJson(url, { content, private: isNote, echo_id: echoId });
      }
      this.thread.insert(reply.html);
      this.onSent?.();
    } catch (error) {
      pending.classList.add("is-failed");
      const state = pending.querySelector(".pending-state");
      state.textContent = `Not sent: ${error.message}`;
      state.setAttribute("role", "alert");
      if (!this.input.value) this.input.value = content;
      this.picker.restore(files);
    }
  }

  // -- canned responses -------------------------------------------------------------------------

  offerCanned() {
    const before = this.input.value.slice(0, this.input.selectionStart);
    const match = CANNED_TOKEN.exec(before);
    if (!match) {
      this.closeSuggestions();
      return;
    }
    clearTimeout(this.cannedTimer);
    this.cannedTimer = setTimeout(() => this.loadCanned(match[2]), 120);
  }

  async loadCanned(code) {
    const asked = (this.cannedAsked = code);
    let found = [];
    try {
      found = await getJson(`/app/api/canned_responses?search=${encodeURIComponent(code)}`);
    } catch {
      return;
    }
    if (asked !== this.cannedAsked) return;
    this.suggestions.replaceChildren();
    for (const canned of found) {
      const option = document.createElement("li");
      option.setAttribute("role", "option");
      option.id = `canned-${canned.id}`;
      option.dataset.content = canned.content;
      const code = document.createElement("span");
      code.className = "canned-code";
      code.textContent = "/" + canned.short_code;
      const text = document.createElement("span");
      text.className = "canned-text";
      text.textContent = canned.content;
      option.append(code, text);
      option.addEventListener("mousedown", (event) => {
        event.preventDefault();
        this.useCanned(option);
      });
      this.suggestions.append(option);
    }
    this.suggestions.hidden = found.length === 0;
    if (found.length) this.highlight(0);
  }

  highlight(index) {
    const options = [...this.suggestions.children];
    options.forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
    this.selected = index;
    if (options[index]) this.input.setAttribute("aria-activedescendant", options[index].id);
  }

  suggestionKey(event) {
    const count = this.suggestions.children.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      this.highlight((this.selected + (event.key === "ArrowDown" ? 1 : count - 1)) % count);
      return true;
    }
    if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      this.useCanned(this.suggestions.children[this.selected]);
      return true;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      this.closeSuggestions();
      return true;
    }
    return false;
  }

  useCanned(option) {
    if (!option) return;
    const caret = this.input.selectionStart;
    const before = this.input.value.slice(0, caret).replace(CANNED_TOKEN, (_all, space) => space + option.dataset.content);
    this.input.value = before + this.input.value.slice(caret);
    this.input.selectionStart = this.input.selectionEnd = before.length;
    this.closeSuggestions();
    this.input.focus();
  }

  closeSuggestions() {
    clearTimeout(this.cannedTimer);
    this.cannedAsked = null;
    this.suggestions.hidden = true;
    this.suggestions.replaceChildren();
    this.input.removeAttribute("aria-activedescendant");
  }
}
