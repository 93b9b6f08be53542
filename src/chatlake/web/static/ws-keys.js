// Keyboard: single-key shortcuts outside text fields, "?" lists them, Ctrl/Cmd+K opens a command
// palette that reaches every action and page by typing part of its name.
const MAX_RESULTS = 12;

function isTextField(element) {
  return element instanceof HTMLElement && (element.isContentEditable || element.matches("input, textarea, select"));
}

export function installShortcuts({ keys, openPalette }) {
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k") {
      event.preventDefault();
      openPalette();
      return;
    }
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTextField(event.target) || document.querySelector("dialog[open]")) return;
    const handler = keys[event.key];
    if (handler) {
      event.preventDefault();
      handler();
    }
  });
}

export class Palette {
  constructor(dialog, commands) {
    this.dialog = dialog;
    this.commands = commands;
    this.input = dialog.querySelector("input");
    this.results = dialog.querySelector("[role=listbox]");
    this.shown = [];
    this.input.addEventListener("input", () => this.render());
    this.input.addEventListener("keydown", (event) => this.keydown(event));
    this.results.addEventListener("click", (event) => {
      const option = event.target.closest("[role=option]");
      if (option) this.run(Number(option.dataset.index));
    });
    dialog.addEventListener("click", (event) => event.target === dialog && dialog.close());
  }

  open() {
    if (this.dialog.open) return;
    this.all = this.commands();
    this.input.value = "";
    this.render();
    this.dialog.showModal();
    this.input.focus();
  }

  render() {
    const words = this.input.value.toLowerCase().split(/\s+/).filter(Boolean);
    this.shown = this.all.filter((c) => words.every((w) => c.title.toLowerCase().includes(w))).slice(0, MAX_RESULTS);
    this.results.replaceChildren(
      ...this.shown.map((command, index) => {
        const option = document.createElement("li");
        option.setAttribute("role", "option");
        option.id = `palette-option-${index}`;
        option.dataset.index = String(index);
        option.textContent = command.title;
        if (command.hint) {
          const hint = document.createElement("span");
          hint.className = "palette-hint";
          hint.textContent = command.hint;
          option.append(hint);
        }
        return option;
      }),
    );
    if (!this.shown.length) {
      const none = document.createElement("li");
      none.className = "muted";
      none.textContent = "No command matches.";
      this.results.append(none);
    }
    this.highlight(0);
  }

  highlight(index) {
    this.index = index;
    for (const option of this.results.querySelectorAll("[role=option]")) {
      option.setAttribute("aria-selected", String(Number(option.dataset.index) === index));
    }
    const active = this.results.querySelector(`#palette-option-${index}`);
    if (active) {
      this.input.setAttribute("aria-activedescendant", active.id);
      active.scrollIntoView({ block: "nearest" });
    }
  }

  keydown(event) {
    const count = this.shown.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (count) this.highlight((this.index + (event.key === "ArrowDown" ? 1 : count - 1)) % count);
    } else if (event.key === "Enter") {
      event.preventDefault();
      this.run(this.index);
    }
  }

  run(index) {
    const command = this.shown[index];
    if (!command) return;
    this.dialog.close();
    command.run();
  }
}
