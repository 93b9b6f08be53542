// Forms marked data-confirm="question" (deletes, token resets) ask before they post. Without
// JavaScript they post straight away, which is what the button says anyway.
export function confirmBeforeSubmit(root) {
  for (const form of root.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
}
