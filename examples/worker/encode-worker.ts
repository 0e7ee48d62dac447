/**
 * An example worker: serves the `video` queue's `video.encode` action (examples/worker/video.yaml).
 *
 *   node --import tsx examples/worker/encode-worker.ts
 *
 * Configuration from the environment:
 * - CONVECTION_URL (default http://127.0.0.1:8989)
 * - a token in OS_TOKEN, or Keystone credentials in OS_AUTH_URL, OS_USERNAME, OS_PASSWORD,
 *   OS_PROJECT_NAME (+ OS_USER_DOMAIN_NAME, OS_PROJECT_DOMAIN_NAME), or neither for a server
 *   running without authentication;
 * - WORKER_CONCURRENCY (default 2).
 *
 * "Encoding" here is a simulation that takes a second per step and reports progress; a real worker
 * would run ffmpeg and pass `ctx.signal` to it so a cancelled workflow stops the encode.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { Worker, type WorkerAuth } from '../../worker/index.js';

const EncodeInput = z.object({ file: z.string().min(1), preset: z.enum(['fast', 'slow']).default('fast') });

function authFromEnv(env: NodeJS.ProcessEnv): WorkerAuth | undefined {
  const token = env['OS_TOKEN'];
  if (token) return { token };
  const authUrl = env['OS_AUTH_URL'];
  const username = env['OS_USERNAME'];
  const password = env['OS_PASSWORD'];
  if (!authUrl || !username || !password) return undefined;
  return {
    keystone: {
      authUrl,
      username,
      password,
      projectName: env['OS_PROJECT_NAME'] ?? username,
      userDomainName: env['OS_USER_DOMAIN_NAME'] ?? 'Default',
      projectDomainName: env['OS_PROJECT_DOMAIN_NAME'] ?? 'Default',
    },
  };
}

const auth = authFromEnv(process.env);
const worker = new Worker({
  url: process.env['CONVECTION_URL'] ?? 'http://127.0.0.1:8989',
  ...(auth === undefined ? {} : { auth }),
  queue: 'video',
  concurrency: Number(process.env['WORKER_CONCURRENCY'] ?? '2'),
  handlers: {
    'video.encode': async (input, ctx) => {
      const { file, preset } = EncodeInput.parse(input);
      const steps = preset === 'slow' ? 6 : 3;
      console.log(`[${worker.name}] encoding ${file} (${preset}, attempt ${ctx.attempt})`);
      for (let step = 1; step <= steps; step++) {
        await sleep(1000, undefined, { signal: ctx.signal });
        await ctx.progress({ file, percent: Math.round((100 * step) / steps) });
      }
      return { file, output: file.replace(/\.[^.]+$/, '') + '.webm', preset };
    },
  },
  onError: (error, during) => console.error(`[${worker.name}] ${during}: ${error instanceof Error ? error.message : String(error)}`),
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`[${worker.name}] ${signal}: finishing running encodes, then stopping`);
    void worker.stop().then(() => process.exit(0));
  });
}
console.log(`[${worker.name}] serving queue video at ${process.env['CONVECTION_URL'] ?? 'http://127.0.0.1:8989'}`);
await worker.start();
