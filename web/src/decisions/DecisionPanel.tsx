// A decision on tips, previewed first: the dry run's per-tip result is shown, and confirming sends exactly
// the same request without dryRun (the versions seen, so a tip changed since is a CONFLICT, not overwritten).
import { useState } from "preact/hooks";
import { graphql } from "../gql";
import type { Disposition } from "../gql/graphql";
import { errorText, mutate, useClient, useQuery } from "../hooks";
import { ColumnHeads } from "../ColumnHeads";

export const SetDispositionDoc = graphql(`
  mutation SetDisposition(
    $tipIds: [ID!]!
    $disposition: Disposition!
    $reasonCode: String!
    $note: String
    $versions: [Int!]
    $dryRun: Boolean!
  ) {
    setDisposition(
      tipIds: $tipIds
      disposition: $disposition
      reasonCode: $reasonCode
      note: $note
      versions: $versions
      dryRun: $dryRun
    ) {
      ...DecisionResult
    }
  }
`);

export const ReferTipsDoc = graphql(`
  mutation ReferTips(
    $tipIds: [ID!]!
    $agencyId: ID!
    $note: String
    $overrideReason: String
    $versions: [Int!]
    $dryRun: Boolean!
  ) {
    referTips(
      tipIds: $tipIds
      agencyId: $agencyId
      note: $note
      overrideReason: $overrideReason
      versions: $versions
      dryRun: $dryRun
    ) {
      ...DecisionResult
    }
  }
`);

export const BundleTipsDoc = graphql(`
  mutation BundleTips($tipIds: [ID!]!, $incidentLabel: String!, $note: String, $dryRun: Boolean!) {
    bundleTips(tipIds: $tipIds, incidentLabel: $incidentLabel, note: $note, dryRun: $dryRun) {
      decision {
        ...DecisionResult
      }
      incident {
        id
      }
    }
  }
`);

graphql(`
  fragment DecisionResult on Decision {
    decisionId
    dryRun
    changes {
      tipId
      from
      to
      version
      referredTo
    }
    problems {
      tipId
      code
      message
    }
  }
`);

export const AgenciesDoc = graphql(`
  query Agencies {
    agencies {
      id
      name
      kind
    }
  }
`);

export interface DecisionOutcome {
  decisionId?: string | null;
  dryRun: boolean;
  changes: { tipId: string; from: string; to: string; version: number; referredTo: string[] }[];
  problems: { tipId: string; code: string; message: string }[];
}

export type DecisionKind = "disposition" | "refer" | "bundle";

export interface DecisionRequest {
  kind: DecisionKind;
  disposition: Disposition;
  reasonCode: string;
  agencyId: string;
  overrideReason: string;
  incidentLabel: string;
  note: string;
}

/** Runs one decision (dry or not); a panel for tips and one for a whole cluster share the preview. */
export type DecisionRunner = (request: DecisionRequest, dryRun: boolean) => Promise<DecisionOutcome>;

export function tipDecisionRunner(
  client: ReturnType<typeof useClient>,
  tips: { id: string; version: number }[],
): DecisionRunner {
  return async (request, dryRun) => {
    const tipIds = tips.map((t) => t.id);
    const versions = tips.map((t) => t.version);
    const note = request.note || null;
    if (request.kind === "disposition") {
      const data = await mutate(client, SetDispositionDoc, {
        tipIds,
        versions,
        disposition: request.disposition,
        reasonCode: request.reasonCode,
        note,
        dryRun,
      });
      return data.setDisposition;
    }
    if (request.kind === "refer") {
      const data = await mutate(client, ReferTipsDoc, {
        tipIds,
        versions,
        agencyId: request.agencyId,
        overrideReason: request.overrideReason || null,
        note,
        dryRun,
      });
      return data.referTips;
    }
    const data = await mutate(client, BundleTipsDoc, {
      tipIds,
      incidentLabel: request.incidentLabel,
      note,
      dryRun,
    });
    return data.bundleTips.decision;
  };
}

export function Preview(props: { outcome: DecisionOutcome }) {
  const { outcome } = props;
  return (
    <div class="preview" data-testid={outcome.dryRun ? "decision-preview" : "decision-result"}>
      <h4>{outcome.dryRun ? "Preview: nothing has changed yet" : `Done: decision ${outcome.decisionId ?? ""}`}</h4>
      <table>
        <caption class="sr-only">Outcome per tip</caption>
        <ColumnHeads names={["Tip", "Outcome"]} />
        <tbody>
          {outcome.changes.map((c) => (
            <tr key={`c-${c.tipId}`} data-tip={c.tipId} data-outcome="change">
              <td>{c.tipId}</td>
              <td>
                {c.from} → {c.to}
                {c.referredTo.length ? ` (${c.referredTo.join(", ")})` : ""}
              </td>
            </tr>
          ))}
          {outcome.problems.map((p) => (
            <tr key={`p-${p.tipId}`} data-tip={p.tipId} data-outcome="problem" class="problem">
              <td>{p.tipId}</td>
              <td>
                {p.code}: {p.message}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const DISPOSITIONS: Disposition[] = ["ACTIONABLE", "NON_ACTIONABLE"];

export function DecisionPanel(props: {
  title: string;
  run: DecisionRunner;
  count: number;
  onDone?: (outcome: DecisionOutcome) => void;
}) {
  const { title, run, count, onDone } = props;
  const [request, setRequest] = useState<DecisionRequest>({
    kind: "disposition",
    disposition: "ACTIONABLE",
    reasonCode: "COMPLETE",
    agencyId: "",
    overrideReason: "",
    incidentLabel: "",
    note: "",
  });
  // The agencies are read when a referral is being drafted, not with every page that shows the panel.
  const agencies = useQuery(AgenciesDoc, {}, request.kind !== "refer");
  const [preview, setPreview] = useState<DecisionOutcome | null>(null);
  const [result, setResult] = useState<DecisionOutcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function update(patch: Partial<DecisionRequest>) {
    setRequest({ ...request, ...patch });
    setPreview(null);
  }

  async function go(dryRun: boolean) {
    setBusy(true);
    setError(null);
    try {
      const outcome = await run(request, dryRun);
      if (dryRun) {
        setPreview(outcome);
        setResult(null);
      } else {
        setPreview(null);
        setResult(outcome);
        onDone?.(outcome);
      }
    } catch (e) {
      setError(errorText(e as Error));
    } finally {
      setBusy(false);
    }
  }

  const value = (e: Event) => (e.target as HTMLInputElement).value;
  return (
    <section class="decision" aria-labelledby="decision-title">
      <h3 id="decision-title">{title}</h3>
      <fieldset>
        <legend>Decision</legend>
        {(["disposition", "refer", "bundle"] as DecisionKind[]).map((kind) => (
          <label key={kind}>
            <input
              type="radio"
              name="decision-kind"
              value={kind}
              checked={request.kind === kind}
              onChange={() => update({ kind })}
            />{" "}
            {kind === "disposition" ? "Set disposition" : kind === "refer" ? "Refer" : "Bundle as one incident"}
          </label>
        ))}
      </fieldset>
      {request.kind === "disposition" && (
        <div class="fields">
          <label for="decision-disposition">Disposition</label>
          <select
              id="decision-disposition"
              value={request.disposition}
              onChange={(e) => update({ disposition: value(e) as Disposition })}
            >
              {DISPOSITIONS.map((d) => (
                <option key={d}>{d}</option>
              ))}
          </select>
          <label>
            Reason code <input value={request.reasonCode} onInput={(e) => update({ reasonCode: value(e) })} />
          </label>
        </div>
      )}
      {request.kind === "refer" && (
        <div class="fields">
          <label for="decision-agency">Agency</label>
          <select id="decision-agency" value={request.agencyId} onChange={(e) => update({ agencyId: value(e) })}>
              <option value="">choose…</option>
              {agencies.data?.agencies.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name} ({a.id})
                </option>
              ))}
          </select>
          <label>
            Override reason (outside its jurisdiction){" "}
            <input value={request.overrideReason} onInput={(e) => update({ overrideReason: value(e) })} />
          </label>
        </div>
      )}
      {request.kind === "bundle" && (
        <div class="fields">
          <label>
            Incident label <input value={request.incidentLabel} onInput={(e) => update({ incidentLabel: value(e) })} />
          </label>
        </div>
      )}
      <label class="note">
        Note <input value={request.note} onInput={(e) => update({ note: value(e) })} />
      </label>
      <div class="actions">
        <button type="button" disabled={busy || count === 0} onClick={() => void go(true)}>
          Preview ({count} {count === 1 ? "tip" : "tips"})
        </button>
        {preview && (
          <button type="button" class="primary" disabled={busy} onClick={() => void go(false)}>
            Confirm
          </button>
        )}
      </div>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {preview && <Preview outcome={preview} />}
      {result && <Preview outcome={result} />}
    </section>
  );
}
