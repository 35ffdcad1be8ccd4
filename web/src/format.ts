// How values read on screen.
export function countdown(deadline: string | null | undefined, now: number): string {
  if (!deadline) return "no deadline";
  const ms = Date.parse(deadline) - now;
  const abs = Math.abs(ms);
  const days = Math.floor(abs / 86_400_000);
  const hours = Math.floor((abs % 86_400_000) / 3_600_000);
  const text = days > 0 ? `${days} d ${hours} h` : `${hours} h ${Math.floor((abs % 3_600_000) / 60_000)} min`;
  return ms < 0 ? `overdue ${text}` : `in ${text}`;
}

export function when(value: string | null | undefined): string {
  if (!value) return "—";
  return new Date(value).toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

export function humanize(name: string): string {
  return name
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/_/g, " ")
    .toLowerCase();
}

export function tipPath(id: string): string {
  return `/tips/${encodeURIComponent(id)}`;
}

export function chartPath(id: string): string {
  return `/chart/tip/${encodeURIComponent(id)}`;
}
