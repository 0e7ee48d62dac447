import type { NextConfig } from 'next';

/**
 * The dashboard's Next.js config. `CONVECTION_BASE_PATH` (e.g. `/convection`) is read at build time,
 * because Next bakes the base path into the built pages; `convection start` rebuilds when it changes.
 */
function basePathFromEnv(raw: string | undefined): string {
  const trimmed = (raw ?? '').trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  if (!/^\/[A-Za-z0-9._~\-/]+$/.test(trimmed)) {
    throw new Error(`CONVECTION_BASE_PATH must look like /sub/path, got '${raw}'`);
  }
  return trimmed;
}

const basePath = basePathFromEnv(process.env.CONVECTION_BASE_PATH);

/** Where the build goes: the e2e suite uses its own folder so it never rebuilds under a running `npm start`. */
const distDir = process.env.CONVECTION_NEXT_DIST_DIR?.trim() || '.next';

const config: NextConfig = {
  basePath,
  distDir,
  env: { NEXT_PUBLIC_CONVECTION_BASE_PATH: basePath },
  typescript: { tsconfigPath: 'tsconfig.dashboard.json' },
  poweredByHeader: false,
  reactStrictMode: true,
  // The engine's native store driver must never be bundled if a server module reaches it.
  serverExternalPackages: ['better-sqlite3', 'pg', 'quickjs-emscripten'],
};

export default config;
