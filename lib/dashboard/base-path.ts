/** The base path the dashboard was built with (`CONVECTION_BASE_PATH`, see next.config.ts); '' at the root. */
export const BASE_PATH: string = process.env.NEXT_PUBLIC_CONVECTION_BASE_PATH ?? '';

/**
 * Prefixes an absolute app path with the base path, for the places Next does not do it by itself
 * (fetch, EventSource, window.location). `<Link>` and `redirect()` add it already.
 */
export function withBasePath(path: string): string {
  return `${BASE_PATH}${path.startsWith('/') ? path : `/${path}`}`;
}
