// Entry module of every dashboard page: enhances server-rendered markup, which works without it.
import { showRelativeTimes } from "./relative-time.js";
import { enableCopyButtons } from "./copy-text.js";

showRelativeTimes(document);
enableCopyButtons(document);
