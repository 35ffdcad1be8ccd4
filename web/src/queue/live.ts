// The live queue: a subscription pushes new and changed entries; the cache takes in changed ones, and new
// ones are merged into the loaded page in the queue's own order (priority, preservation deadline, score).
import { useEffect, useMemo, useState } from "preact/hooks";
import { graphql } from "../gql";
import type { QueueTipFragment, TriageFilterInput } from "../gql/graphql";
import { errorText, useClient } from "../hooks";

export const QueueChangesDoc = graphql(`
  subscription QueueChanges($filter: TriageFilterInput) {
    queueChanges(filter: $filter) {
      inQueue
      tip {
        ...QueueTip
      }
    }
  }
`);

export interface LiveQueue {
  status: string;
  fresh: Set<string>;
  merge: (loaded: QueueTipFragment[]) => QueueTipFragment[];
}

const RANK: Record<string, number> = { URGENT: 0, P1: 1, P2: 2, P3: 3 };

function queueOrder(a: QueueTipFragment, b: QueueTipFragment): number {
  const rank = (RANK[a.actionability?.priority ?? "P3"] ?? 3) - (RANK[b.actionability?.priority ?? "P3"] ?? 3);
  if (rank) return rank;
  const deadline = (a.preservationDeadline ?? "").localeCompare(b.preservationDeadline ?? "");
  if (deadline) return deadline;
  const score = (b.actionability?.score ?? 0) - (a.actionability?.score ?? 0);
  return score || a.id.localeCompare(b.id);
}

export function useLiveQueue(filter: TriageFilterInput, ready = true): LiveQueue {
  const client = useClient();
  const [changes, setChanges] = useState<Map<string, { tip: QueueTipFragment; inQueue: boolean }>>(new Map());
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [status, setStatus] = useState("Connecting to live updates…");
  const key = JSON.stringify(filter);

  useEffect(() => {
    if (!ready) return;
    setChanges(new Map());
    const { unsubscribe } = client.subscription(QueueChangesDoc, { filter }).subscribe((result) => {
      if (result.error) {
        setStatus(`Live updates stopped: ${errorText(result.error)}`);
        return;
      }
      const change = result.data?.queueChanges;
      if (!change) return;
      setStatus("Live");
      setChanges((previous) => new Map(previous).set(change.tip.id, change));
      setFresh((previous) => new Set(previous).add(change.tip.id));
    });
    setStatus("Live");
    return unsubscribe;
  }, [client, key, ready]);

  return useMemo(
    () => ({
      status,
      fresh,
      merge: (loaded: QueueTipFragment[]) => {
        if (changes.size === 0) return loaded;
        const byId = new Map(loaded.map((tip) => [tip.id, tip]));
        // A loaded tip is read from the cache, which the event (and any decision since) already updated;
        // the event's own copy only stands in for a tip the loaded pages do not hold.
        for (const [id, change] of changes) {
          if (!change.inQueue) byId.delete(id);
          else if (!byId.has(id)) byId.set(id, change.tip);
        }
        return [...byId.values()].sort(queueOrder);
      },
    }),
    [status, fresh, changes],
  );
}
