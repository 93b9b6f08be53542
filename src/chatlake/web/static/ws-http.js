// Talking to the server from the workspace: JSON writes carry the session's CSRF token in a header;
// fragments are server-rendered (escaped) HTML that replaces parts of the page.
export class RequestFailed extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

function csrfToken() {
  return document.getElementById("workspace")?.dataset.csrfToken || "";
}

async function failure(response) {
  let message = `The server answered ${response.status}.`;
  try {
    const body = await response.json();
    message = body.message || body.error || message;
  } catch {
    // Not JSON: keep the status line.
  }
  return new RequestFailed(message, response.status);
}

export async function postJson(url, body = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken(), Accept: "application/json" },
    body: JSON.stringify(body),
    credentials: "same-origin",
  });
  if (response.status === 401) signInAgain();
  if (!response.ok) throw await failure(response);
  return response.json();
}

// multipart/form-data (files): the browser sets the Content-Type with its boundary.
export async function postForm(url, formData) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "X-CSRF-Token": csrfToken(), Accept: "application/json" },
    body: formData,
    credentials: "same-origin",
  });
  if (response.status === 401) signInAgain();
  if (!response.ok) throw await failure(response);
  return response.json();
}

export async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
  if (response.status === 401) signInAgain();
  if (!response.ok) throw await failure(response);
  return response.json();
}

export async function getHtml(url) {
  const response = await fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" });
  // A session that ended sends fragment requests to the login page.
  if (response.redirected && new URL(response.url).pathname === "/app/login") signInAgain();
  if (!response.ok) throw new RequestFailed(`The server answered ${response.status}.`, response.status);
  return { html: await response.text(), headers: response.headers };
}

function signInAgain() {
  window.location.assign("/app/login?next=" + encodeURIComponent(window.location.pathname));
}

// Parses server HTML (never script: the fragments hold none, and CSP would refuse it anyway).
export function parseFragment(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  return template.content;
}

// Replaces every [data-part="x"] in root with the fragment's element of the same part name.
export function swapParts(root, html) {
  const fragment = parseFragment(html);
  const swapped = [];
  for (const incoming of fragment.querySelectorAll("[data-part]")) {
    const current = root.querySelector(`[data-part="${incoming.dataset.part}"]`);
    if (current) {
      current.replaceWith(incoming);
      swapped.push(incoming);
    }
  }
  return swapped;
}
