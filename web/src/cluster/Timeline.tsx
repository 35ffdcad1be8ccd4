// Incident, upload and IP-capture events on one time axis (SVG), with the same events listed for reading.
const COLOURS: Record<string, string> = { INCIDENT: "#b00020", FILE_UPLOAD: "#1a5276", IP_CAPTURE: "#1e8449" };
const LANES = ["INCIDENT", "FILE_UPLOAD", "IP_CAPTURE"];

export function Timeline(props: { events: { at: string; tipId: string; kind: string; detail: string }[] }) {
  const { events } = props;
  if (events.length === 0) return <p>No events.</p>;
  const times = events.map((e) => Date.parse(e.at));
  const min = Math.min(...times);
  const span = Math.max(1, Math.max(...times) - min);
  const width = 900;
  return (
    <figure class="timeline">
      <svg viewBox={`0 0 ${width + 120} ${LANES.length * 24 + 10}`} role="img" aria-label="Timeline of the cluster's events">
        {LANES.map((lane, i) => (
          <text key={lane} x={0} y={i * 24 + 18} font-size="11" fill="#1b2631">
            {lane.replace("_", " ").toLowerCase()}
          </text>
        ))}
        {events.map((e, i) => (
          <circle
            key={i}
            cx={110 + ((Date.parse(e.at) - min) / span) * width}
            cy={LANES.indexOf(e.kind) * 24 + 14}
            r={4}
            fill={COLOURS[e.kind] ?? "#555"}
          >
            <title>
              {e.at} {e.tipId}: {e.detail}
            </title>
          </circle>
        ))}
      </svg>
      <figcaption>
        <details>
          <summary>{events.length} events as a list</summary>
          <ul>
            {events.map((e, i) => (
              <li key={i}>
                {e.at} · {e.kind} · {e.tipId} · {e.detail}
              </li>
            ))}
          </ul>
        </details>
      </figcaption>
    </figure>
  );
}
