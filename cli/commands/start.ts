import type { Command } from 'commander';
import { defaultStoreUrl, openEngine } from '../../engine/index.js';
import type { CommandIo } from '../io.js';
import { loadRepository } from '../../workflows/load-repository.js';
import { DEFAULT_API_HOST, DEFAULT_API_PORT, parsePort } from '../../engine/api/server.js';
import { startApi, untilSignal } from './server.js';

/**
 * `convection start`: runs the engine on the embedded store (or DATABASE_URL) with the workflow
 * repository loaded, and the REST API on CONVECTION_API_PORT (8989), until interrupted.
 */
export function registerStart(program: Command, io: CommandIo, setExit: (code: number) => void): void {
  program
    .command('start')
    .description('run the engine and the REST API with the demo workflows loaded (embedded SQLite unless DATABASE_URL is set)')
    .action(async () => {
      const url = defaultStoreUrl();
      const engine = await openEngine(url);
      const loaded = await loadRepository(engine);
      io.out(`convection engine ${engine.engine.owner} running on ${url.replace(/\/\/[^@]*@/, '//***@')}\n`);
      io.out(`workflow repository: ${loaded.length} workflows loaded (${loaded.join(', ')})\n`);
      try {
        const port = parsePort(process.env['CONVECTION_API_PORT'] ?? String(DEFAULT_API_PORT));
        const api = await startApi(engine, { host: process.env['CONVECTION_API_HOST'] ?? DEFAULT_API_HOST, port }, io);
        io.out('the dashboard is not part of this build yet; press Ctrl+C to stop\n');
        await untilSignal();
        await api.close();
      } finally {
        await engine.close();
      }
      setExit(0);
    });
}
