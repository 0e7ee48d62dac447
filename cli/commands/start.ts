import { join } from 'node:path';
import type { Command } from 'commander';
import { defaultStoreUrl, openEngine } from '../../engine/index.js';
import type { CommandIo } from '../io.js';
import { DEFAULT_PROJECT, loadRepository } from '../../workflows/load-repository.js';
import { DEFAULT_API_HOST, DEFAULT_API_PORT, parsePort } from '../../engine/api/server.js';
import { startApi, untilSignal } from './server.js';
import { ensureDashboardBuild, sessionSecret, startDashboard } from './dashboard-server.js';
import { seedDemo } from './demo-data.js';

export const DEFAULT_DASHBOARD_PORT = 3000;

/**
 * `convection start`: the engine on the embedded store (or DATABASE_URL) with the workflow
 * repository and the demo workflows loaded (and demo executions in an empty store), the REST API on
 * CONVECTION_API_PORT (8989) and the dashboard on PORT (3000), until Ctrl+C. The dashboard is built
 * first when there is no current build.
 */
export function registerStart(program: Command, io: CommandIo, setExit: (code: number) => void): void {
  program
    .command('start')
    .description('run the engine, the REST API and the dashboard, with demo workflows and executions (embedded SQLite unless DATABASE_URL is set)')
    .option('--no-dashboard', 'serve only the engine and the REST API')
    .option('--no-demo', 'do not load the demo workflows and executions')
    .action(async (options: { dashboard: boolean; demo: boolean }) => {
      const env = process.env;
      const apiHost = env['CONVECTION_API_HOST'] ?? DEFAULT_API_HOST;
      const apiPort = parsePort(env['CONVECTION_API_PORT'] ?? String(DEFAULT_API_PORT));
      const dashboardHost = env['HOSTNAME_DASHBOARD'] ?? '127.0.0.1';
      const dashboardPort = parsePort(env['PORT'] ?? String(DEFAULT_DASHBOARD_PORT));
      // Build before opening the engine: a failed build then leaves nothing half started.
      if (options.dashboard) await ensureDashboardBuild(undefined, (line) => io.out(`${line}\n`));

      const url = defaultStoreUrl();
      const engine = await openEngine(url);
      try {
        const loaded = await loadRepository(engine);
        io.out(`convection engine ${engine.engine.owner} running on ${url.replace(/\/\/[^@]*@/, '//***@')}\n`);
        io.out(`workflow repository: ${loaded.length} workflows loaded (${loaded.join(', ')})\n`);
        if (options.demo) {
          const demo = await seedDemo(engine, DEFAULT_PROJECT);
          io.out(`demo: ${demo.workflows.join(', ')}${demo.executions > 0 ? `; started ${demo.executions} demo executions` : ''}\n`);
        }
        const api = await startApi(engine, { host: apiHost, port: apiPort }, io);
        let dashboard: Awaited<ReturnType<typeof startDashboard>> | undefined;
        try {
          if (options.dashboard) {
            dashboard = await startDashboard({
              host: dashboardHost,
              port: dashboardPort,
              apiUrl: `http://${apiHost === '0.0.0.0' ? '127.0.0.1' : apiHost}:${apiPort}`,
              secret: sessionSecret(join(process.cwd(), '.convection')),
              onError: (text) => io.err(`dashboard: ${text}`),
            });
            io.out(`convection dashboard on ${dashboard.url}/\n`);
          }
          io.out('press Ctrl+C to stop\n');
          await untilSignal();
        } finally {
          await dashboard?.close();
          await api.close();
        }
      } finally {
        await engine.close();
      }
      setExit(0);
    });
}
