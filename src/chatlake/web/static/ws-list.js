// The conversation list: filters apply without a reload, the list re-renders (server fragment) when
// events arrive, and j/k move a selection through it.
import { getHtml, swapParts } from "./ws-http.js";
import { showRelativeTimes } from "./relative-time.js";

const SEARCH_PAUSE_MS = 250;
const DEFAULTS = { tab: "all", status: "open", sort: "last_activity" };

export class ConversationList {
  constructor(root, { currentId, onOpen }) {
    this.root = root;
    this.currentId = currentId;
    this.onOpen = onOpen;
    this.form = root.querySelector("[data-list-filters]");
    this.selectedId = currentId;
    this.refreshing = null;
    this.again = false;
    if (this.form) {
      this.form.addEventListener("change", () => this.applyFilters());
      this.form.addEventListener("submit", (event) => {
        event.preventDefault();
        this.applyFilters();
      });
      this.form.elements.q.addEventListener("input", () => {
        clearTimeout(this.searchTimer);
        this.searchTimer = setTimeout(() => this.applyFilters(), SEARCH_PAUSE_MS);
      });
    }
    root.addEventListener("click", (event) => {
      const tab = event.target.closest("[data-part=list] a[data-tab]");
      if (!tab) return;
      event.preventDefault();
      this.form.elements.tab.value = tab.dataset.tab;
      this.applyFilters();
    });
  }

  query() {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(this.form)) {
      if (value && DEFAULTS[name] !== value) params.set(name, value);
    }
    return params.toString();
  }

  applyFilters() {
    const query = this.query();
    const url = new URL(window.location.href);
    url.search = query;
    history.replaceState(history.state, "", url);
    this.root.dataset.listUrl = "/app/conversations/list" + (query ? "?" + query : "");
    this.refresh();
  }

  async refresh() {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        const url = new URL(this.root.dataset.listUrl, window.location.origin);
        if (this.currentId) url.searchParams.set("current", this.currentId);
        const { html } = await getHtml(url.pathname + url.search);
        const focused = document.activeElement?.closest?.(".conv-row")?.dataset.conversation;
        for (const part of swapParts(this.root, html)) showRelativeTimes(part);
        this.markSelected(focused);
      } while (this.again);
    })().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  rows() {
    return [...this.root.querySelectorAll(".conv-row")];
  }

  markSelected(focusId) {
    for (const row of this.rows()) row.classList.toggle("is-selected", row.dataset.conversation === String(this.selectedId));
    if (focusId) this.root.querySelector(`.conv-row[data-conversation="${focusId}"] a`)?.focus();
  }

  // j / k: the selection moves and takes the focus, so Enter opens it.
  move(step) {
    const rows = this.rows();
    if (!rows.length) return;
    let index = rows.findIndex((row) => row.dataset.conversation === String(this.selectedId));
    index = index === -1 ? (step > 0 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, index + step));
    this.selectedId = rows[index].dataset.conversation;
    this.markSelected(this.selectedId);
    rows[index].scrollIntoView({ block: "nearest" });
  }

  focusSearch() {
    this.form?.elements.q.focus();
  }
}
