// Entry module of every dashboard page: enhances server-rendered markup, which works without it.
import { showRelativeTimes } from "./relative-time.js";
import { enableCopyButtons } from "./copy-text.js";
import { confirmBeforeSubmit } from "./confirm-submit.js";

showRelativeTimes(document);
enableCopyButtons(document);

// The conversation workspace (list and conversation view) loads its own modules only where it is.
if (document.querySelector("[data-workspace]")) import("./workspace.js");
confirmBeforeSubmit(document);
