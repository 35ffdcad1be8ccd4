// The CyberTipline report tree, read top-down as nested headings and definition lists.
import { humanize } from "../format";

export function ReportView(props: { value: unknown; depth?: number }) {
  const { value } = props;
  const depth = props.depth ?? 0;
  if (value === null || value === undefined) return <span>—</span>;
  if (Array.isArray(value)) {
    return (
      <ol class="report-list">
        {value.map((item, i) => (
          <li key={i}>
            <ReportView value={item} depth={depth + 1} />
          </li>
        ))}
      </ol>
    );
  }
  if (typeof value === "object") {
    return (
      <dl class={`report depth-${Math.min(depth, 3)}`}>
        {Object.entries(value as Record<string, unknown>).map(([key, inner]) => (
          <div key={key} class="report-entry">
            <dt>{humanize(key)}</dt>
            <dd>
              <ReportView value={inner} depth={depth + 1} />
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  if (typeof value === "boolean") return <span>{value ? "yes" : "no"}</span>;
  return <span>{String(value)}</span>;
}
