// Rewrites <time data-relative> (absolute UTC from the server) as "5 minutes ago" in the reader's
// language, keeping the exact local time in the tooltip.
const UNITS = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

const phrasing = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const exact = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function relativeTime(date, now = Date.now()) {
  const seconds = Math.round((date.getTime() - now) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) {
      return phrasing.format(Math.round(seconds / size), unit);
    }
  }
  return phrasing.format(0, "second");
}

export function showRelativeTimes(root) {
  for (const element of root.querySelectorAll("time[data-relative]")) {
    const date = new Date(element.dateTime);
    if (Number.isNaN(date.getTime())) continue;
    element.textContent = relativeTime(date);
    element.title = exact.format(date);
  }
}
