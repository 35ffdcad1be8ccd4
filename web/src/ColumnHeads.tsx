// The head of a data table: one column header per name, scoped to its column for screen readers.
export function ColumnHeads(props: { names: readonly string[]; class?: string }) {
  return (
    <thead class={props.class}>
      <tr>
        {props.names.map((name) => (
          <th key={name} scope="col">
            {name}
          </th>
        ))}
      </tr>
    </thead>
  );
}
