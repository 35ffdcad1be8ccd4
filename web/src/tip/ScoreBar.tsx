import { ColumnHeads } from "../ColumnHeads";

// The score as signed contributions: points for to the right, against to the left, largest first.
export function ScoreBar(props: { contributions: { factor: string; points: number; evidence: string }[] }) {
  const sorted = [...props.contributions].sort((a, b) => Math.abs(b.points) - Math.abs(a.points));
  const scale = Math.max(1, ...sorted.map((c) => Math.abs(c.points)));
  return (
    <table class="score-bar">
      <caption class="sr-only">Contributions to the score</caption>
      <ColumnHeads class="sr-only" names={["Factor", "Points", "Evidence"]} />
      <tbody>
        {sorted.map((c) => {
          const width = `${(Math.abs(c.points) / scale) * 50}%`;
          return (
            <tr key={c.factor}>
              <th scope="row">{c.factor.replace(/_/g, " ")}</th>
              <td class="bar-cell">
                <span
                  class={c.points >= 0 ? "bar plus" : "bar minus"}
                  style={c.points >= 0 ? { left: "50%", width } : { right: "50%", width }}
                />
                <span class="points">{c.points > 0 ? `+${c.points}` : c.points}</span>
              </td>
              <td class="evidence">{c.evidence}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
