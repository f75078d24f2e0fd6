// The props of a dynamic route in both ways the site is rendered. A static build calls
// getStaticPaths once and hands each page its props. The preview server renders on request, and
// Astro calls no getStaticPaths for on-demand routes: there the route's own getStaticPaths runs
// in the request's content scope and the entry for the requested address is picked. So every
// page is written once and gets the same props either way.

type Params = Record<string, string | number | undefined>;

export interface RouteContext {
  isPrerendered: boolean;
  params: Params;
  props: Record<string, unknown>;
}

export interface PathEntry<P> {
  params: Params;
  props: P;
}

const sameParams = (a: Params, b: Params): boolean =>
  Object.keys({ ...a, ...b }).every((key) => String(a[key] ?? '') === String(b[key] ?? ''));

/** The route's props, or undefined when the address names no page (answer 404). */
export async function routeProps<P>(route: RouteContext, getStaticPaths: () => Promise<readonly PathEntry<P>[]> | readonly PathEntry<P>[]): Promise<P | undefined> {
  if (route.isPrerendered) return route.props as P;
  const entries = await getStaticPaths();
  return entries.find((entry) => sameParams(entry.params, route.params))?.props;
}

/** What a route answers for an address that names no page: Astro then renders the 404 page. */
export const notFound = (): Response => new Response(null, { status: 404 });
