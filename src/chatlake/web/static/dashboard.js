// Entry module of every dashboard page: enhances server-rendered markup, which works without it.
import { showRelativeTimes } from "./relative-time.js";
import { enableCopyButtons } from "./copy-text.js";
import { confirmBeforeSubmit } from "./confirm-submit.js";

showRelativeTimes(document);
enableCopyButtons(document);
confirmBeforeSubmit(document);
