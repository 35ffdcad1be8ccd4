// Views other than the queue load as their own chunks on first use, so the first paint parses only what it
// draws (the link chart's cytoscape and the sign-in's OIDC client are most of the bundle).
import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";

export function lazyView<Props extends object>(load: () => Promise<ComponentType<Props>>): ComponentType<Props> {
  let loaded: ComponentType<Props> | null = null;
  let failed: Error | null = null;
  let pending: Promise<void> | null = null;
  const start = () =>
    (pending ??= load().then(
      (component) => void (loaded = component),
      (error: Error) => void (failed = error),
    ));
  return function LazyView(props: Props) {
    const [, setSettled] = useState(false);
    useEffect(() => {
      if (loaded || failed) return;
      let mounted = true;
      void start().then(() => mounted && setSettled(true));
      return () => void (mounted = false);
    }, []);
    if (loaded) {
      const View = loaded;
      return <View {...props} />;
    }
    if (failed) return <p role="alert">This view could not be loaded: {failed.message}. Reload the page.</p>;
    return <p aria-busy="true">Loading…</p>;
  };
}
