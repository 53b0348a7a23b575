import { type ComponentType, lazy, Suspense } from 'react';

/**
 * A route's page as its own chunk, loaded when first opened, so an agent's first screen only pays for
 * itself. Each page has its own Suspense boundary: the shell around it stays while it loads.
 */
export function lazyPage<M extends Record<string, unknown>, K extends keyof M & string>(
  load: () => Promise<M>,
  name: K,
): ComponentType {
  const Page = lazy(async () => ({ default: (await load())[name] as ComponentType }));
  // biome-ignore lint/correctness/noComponentHookFactories: called once per page at module level, never while rendering
  return function LazyPage() {
    return (
      <Suspense fallback={null}>
        <Page />
      </Suspense>
    );
  };
}
