// The normalised cache: one record per tip, cluster, incident, agency, judgement and audit event, so a
// decision taken in one view shows in every view that holds the same tip without asking the server again.
// One cache per signed-in token (client.ts): a viewer's scope shapes every value in it, so it never outlives
// the sign-in that filled it.
import { gql } from "@urql/core";
import { type Cache, type Data, type KeyingConfig, type UpdatesConfig, cacheExchange } from "@urql/exchange-graphcache";
import schema from "./gql/introspection";
import type { Role } from "./session";

// Values that are not entities of their own: they live inside the field (and arguments) that returned them.
// Tip files are numbered within their tip ("1", "2"...), so their ids would collide across tips; the
// connections, link edges and evidence of a tip or cluster hold values and cursors of that one field only.
function embeddedTypes(): KeyingConfig {
  const keys: KeyingConfig = {};
  const roots = new Set(["Query", "Mutation", "Subscription"]);
  for (const type of schema.__schema.types) {
    if (type.kind !== "OBJECT" || roots.has(type.name) || type.name.startsWith("__")) continue;
    if (!type.fields.some((field) => field.name === "id")) keys[type.name] = () => null;
  }
  keys.TipFile = () => null;
  // An identifier is one node per kind and normal form (the viewer's scope shapes its counts, and the
  // cache is the viewer's own).
  keys.Identifier = (data) => (data.kind && data.key ? `${String(data.kind)}:${String(data.key)}` : null);
  return keys;
}

const TipDecided = gql`
  fragment TipDecided on Tip {
    id
    disposition
    version
    referredTo
  }
`;

const TipOutcome = gql`
  fragment TipOutcome on Tip {
    id
    outcome
  }
`;

interface DecisionData {
  dryRun?: boolean;
  changes?: { tipId: string; to?: string; version?: number; referredTo?: string[] }[];
}

/** The dispositions of a role's worklist (triageQueue): what the server lists, mirrored for the cache. */
function worklist(role: Role): Set<string> {
  if (role === "investigator") return new Set(["REFERRED"]);
  return new Set(["NEW", "ACTIONABLE"]);
}

/** Writes each changed tip's new disposition, version and referrals; a dry run changes nothing. */
function applyDecision(cache: Cache, decision: DecisionData | null | undefined, open: Set<string>): void {
  if (!decision || decision.dryRun !== false || !decision.changes) return;
  for (const change of decision.changes) {
    if (change.to === undefined || change.version === undefined) continue;
    const tip: Data = { __typename: "Tip", id: change.tipId, disposition: change.to, version: change.version };
    tip.referredTo = change.referredTo ?? (cache.resolve({ __typename: "Tip", id: change.tipId }, "referredTo") as string[] | null) ?? [];
    cache.writeFragment(TipDecided, tip);
  }
  dropClosedFromWorklists(cache, open);
}

/** Takes tips that left the worklist (decided, referred, closed) out of every cached page of it. */
function dropClosedFromWorklists(cache: Cache, open: Set<string>, gone?: string): void {
  for (const field of cache.inspectFields("Query")) {
    if (field.fieldName !== "triageQueue") continue;
    const connection = cache.resolve("Query", field.fieldKey) as string | null;
    const edges = connection ? (cache.resolve(connection, "edges") as (string | null)[] | null) : null;
    if (!connection || !edges) continue;
    const kept = edges.filter((edge) => {
      const node = edge ? (cache.resolve(edge, "node") as string | null) : null;
      if (!node) return true;
      if (gone && cache.resolve(node, "id") === gone) return false;
      const disposition = cache.resolve(node, "disposition") as string | null;
      return disposition === null || disposition === undefined || open.has(disposition);
    });
    if (kept.length !== edges.length) cache.link(connection, "edges", kept);
  }
}

/** A new judgement heads both tips' judgement lists (newest first), so the link chart draws it at once. */
function addJudgement(cache: Cache, judgement: Data | null | undefined, tipIds: string[]): void {
  const key = judgement ? cache.keyOfEntity(judgement) : null;
  if (!key) return;
  for (const tipId of tipIds) {
    const tip = cache.keyOfEntity({ __typename: "Tip", id: tipId });
    const known = tip ? (cache.resolve(tip, "judgements") as string[] | null) : null;
    if (tip && known) cache.link(tip, "judgements", [key, ...known.filter((k) => k !== key)]);
  }
}

function updates(role: Role): UpdatesConfig {
  const open = worklist(role);
  const decided = (field: string) => (result: Data, _args: unknown, cache: Cache) =>
    applyDecision(cache, result[field] as DecisionData | null, open);
  const bundled = (field: string) => (result: Data, _args: unknown, cache: Cache) =>
    applyDecision(cache, (result[field] as { decision?: DecisionData } | null)?.decision, open);
  return {
    Mutation: {
      setDisposition: decided("setDisposition"),
      referTips: decided("referTips"),
      undoDecision: decided("undoDecision"),
      setClusterDisposition: decided("setClusterDisposition"),
      referCluster: decided("referCluster"),
      bundleTips: bundled("bundleTips"),
      bundleCluster: bundled("bundleCluster"),
      recordOutcome(result, args, cache) {
        const decision = result.recordOutcome as DecisionData | null;
        applyDecision(cache, decision, open);
        for (const change of decision?.changes ?? []) {
          cache.writeFragment(TipOutcome, { __typename: "Tip", id: change.tipId, outcome: args.outcome as string });
        }
      },
      judgeLink(result, args, cache) {
        addJudgement(cache, result.judgeLink as Data | null, [String(args.tipA), String(args.tipB)]);
      },
    },
    Subscription: {
      // The event's tip is written to the cache by itself; one that left the queue leaves every cached page.
      queueChanges(result, _args, cache) {
        const change = result.queueChanges as { inQueue?: boolean; tip?: { id?: string } } | null;
        if (change?.inQueue === false && change.tip?.id) dropClosedFromWorklists(cache, open, change.tip.id);
      },
    },
  };
}

export function normalisedCache(role: Role) {
  return cacheExchange({
    schema,
    keys: embeddedTypes(),
    updates: updates(role),
  });
}
