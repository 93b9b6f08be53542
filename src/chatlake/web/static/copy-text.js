// Buttons marked data-copy-from="<id>" copy that element's text. They stay hidden without
// JavaScript, where they could do nothing.
const CONFIRMATION_MS = 2000;

async function copyFrom(button) {
  const source = document.getElementById(button.dataset.copyFrom);
  if (!source) return;
  const label = button.textContent;
  try {
    await navigator.clipboard.writeText(source.textContent.trim());
    button.textContent = "Copied";
  } catch {
    // Clipboard access needs a secure context and permission; selecting lets the user copy by hand.
    window.getSelection().selectAllChildren(source);
    button.textContent = "Press Ctrl+C";
  }
  setTimeout(() => { button.textContent = label; }, CONFIRMATION_MS);
}

export function enableCopyButtons(root) {
  for (const button of root.querySelectorAll("button[data-copy-from]")) {
    button.hidden = false;
    button.addEventListener("click", () => copyFrom(button));
  }
}
