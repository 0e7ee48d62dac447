/**
 * Test and benchmark support, for every Node-side part (engine, CLI, dashboard library, e2e).
 */
import { createServer } from 'node:net';

/**
 * A loopback port that was free when asked (bound, then released): for a server about to be
 * started there, or, left unused, to stand for a server that is down.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('the probe server has no port'))));
    });
  });
}
