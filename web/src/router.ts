// Routes are URLs: every view is linkable and the back button works (History API, no hash).
import { useEffect, useState } from "preact/hooks";

const listeners = new Set<() => void>();

export function navigate(to: string, replace = false): void {
  if (to === currentUrl()) return;
  if (replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  listeners.forEach((notify) => notify());
}

function currentUrl(): string {
  return location.pathname + location.search;
}

window.addEventListener("popstate", () => listeners.forEach((notify) => notify()));

export function useLocation(): URL {
  const [url, setUrl] = useState(currentUrl());
  useEffect(() => {
    const notify = () => setUrl(currentUrl());
    listeners.add(notify);
    return () => void listeners.delete(notify);
  }, []);
  return new URL(url, location.origin);
}

/** Same-origin link clicks become client navigation; modified clicks keep the browser's behaviour. */
export function interceptLinks(root: HTMLElement): void {
  root.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    const anchor = (event.target as HTMLElement).closest("a");
    if (!anchor || anchor.target || anchor.hasAttribute("download")) return;
    const href = anchor.getAttribute("href");
    if (!href || !href.startsWith("/") || href.startsWith("//")) return;
    event.preventDefault();
    navigate(href);
  });
}

export function setQuery(params: Record<string, string | null>, replace = true): void {
  const url = new URL(location.href);
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === "") url.searchParams.delete(key);
    else url.searchParams.set(key, value);
  }
  navigate(url.pathname + url.search, replace);
}
