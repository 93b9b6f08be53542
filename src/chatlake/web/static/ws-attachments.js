// Files waiting to go with the next reply or note: picked with the Attach button, dropped on the
// composer or pasted into it; shown as chips (name, size, remove) built with textContent only.
const SIZE_UNITS = ["KB", "MB", "GB"];

export function sizeText(bytes) {
  if (bytes < 1024) return bytes === 1 ? "1 byte" : `${bytes} bytes`;
  let size = bytes;
  for (const unit of SIZE_UNITS) {
    size /= 1024;
    if (size < 1024 || unit === "GB") return `${size.toFixed(1).replace(/\.0$/, "")} ${unit}`;
  }
  return `${bytes} bytes`;
}

export class FilePicker {
  constructor(form, { onProblem, onChange }) {
    this.form = form;
    this.input = form.querySelector("[data-composer-file-input]");
    this.chips = form.querySelector("[data-composer-files]");
    this.maxFiles = Number(form.dataset.maxFiles) || 15;
    this.maxBytes = Number(form.dataset.maxBytes) || Infinity;
    this.onProblem = onProblem;
    this.onChange = onChange || (() => {});
    this.files = [];
    this.input.addEventListener("change", () => {
      this.add([...this.input.files]);
      this.input.value = "";
    });
    form.addEventListener("dragover", (event) => {
      if (!event.dataTransfer?.types.includes("Files")) return;
      event.preventDefault();
      form.classList.add("is-dropping");
    });
    form.addEventListener("dragleave", () => form.classList.remove("is-dropping"));
    form.addEventListener("drop", (event) => {
      form.classList.remove("is-dropping");
      if (!event.dataTransfer?.files.length) return;
      event.preventDefault();
      this.add([...event.dataTransfer.files]);
    });
    form.addEventListener("paste", (event) => {
      const pasted = [...(event.clipboardData?.files || [])];
      if (!pasted.length) return;
      event.preventDefault();
      this.add(pasted);
    });
  }

  get size() {
    return this.files.reduce((sum, file) => sum + file.size, 0);
  }

  add(files) {
    for (const file of files) {
      if (file.size === 0) {
        this.onProblem(`${file.name} is empty.`);
      } else if (this.files.length >= this.maxFiles) {
        this.onProblem(`At most ${this.maxFiles} files can go with one message.`);
        break;
      } else if (this.size + file.size > this.maxBytes) {
        this.onProblem(`${file.name} is too large: files may total at most ${sizeText(this.maxBytes)}.`);
      } else {
        this.files.push(file);
      }
    }
    this.render();
  }

  remove(file) {
    this.files = this.files.filter((kept) => kept !== file);
    this.render();
    this.input.focus();
  }

  // Hands the files over for sending and empties the picker; `restore` puts them back after a failure.
  take() {
    const taken = this.files;
    this.files = [];
    this.render();
    return taken;
  }

  restore(files) {
    if (!this.files.length) this.files = files;
    this.render();
  }

  render() {
    this.chips.replaceChildren();
    for (const file of this.files) {
      const chip = document.createElement("li");
      chip.className = "file-chip";
      const name = document.createElement("span");
      name.className = "file-chip-name";
      name.textContent = file.name;
      const size = document.createElement("span");
      size.className = "file-chip-size muted";
      size.textContent = sizeText(file.size);
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "file-chip-remove";
      remove.textContent = "×";
      remove.setAttribute("aria-label", `Remove ${file.name}`);
      remove.addEventListener("click", () => this.remove(file));
      chip.append(name, size, remove);
      this.chips.append(chip);
    }
    this.chips.hidden = this.files.length === 0;
    this.onChange();
  }
}
