import type { Command } from 'commander';
import { defaultStoreUrl, openEngine } from '../../engine/index.js';
import type { CommandIo } from '../io.js';
import { loadRepository } from '../../workflows/load-repository.js';

/**
 * `convection start`: runs the engine on the embedded store (or DATABASE_URL) with the workflow
 * repository loaded, until interrupted.
 */
export function registerStart(program: Command, io: CommandIo, setExit: (code: number) => void): void {
  program
    .command('start')
    .description('run the engine with the demo workflows loaded (embedded SQLite unless DATABASE_URL is set)')
    .action(async () => {
      const url = defaultStoreUrl();
      const engine = await openEngine(url);
      const loaded = await loadRepository(engine);
      io.out(`convection engine ${engine.engine.owner} running on ${url.replace(/\/\/[^@]*@/, '//***@')}\n`);
      io.out(`workflow repository: ${loaded.length} workflows loaded (${loaded.join(', ')})\n`);
      io.out('the REST API and dashboard are not part of this build yet; press Ctrl+C to stop\n');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await engine.close();
      setExit(0);
    });
}
