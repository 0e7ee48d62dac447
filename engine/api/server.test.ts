import { describe, expect, it } from 'vitest';
import { createEngine } from '../index.js';
import { openStore } from '../store/open-store.js';
import { parsePort, serveApi } from './server.js';

describe('serving the API', () => {
  it('listens, answers over HTTP and closes', async () => {
    const engine = await createEngine(await openStore('sqlite::memory:'), { autoStart: false });
    try {
      const api = await serveApi(engine, { port: 0, authMode: 'noauth' });
      try {
        const res = await fetch(`${api.url}/v2/workflows?limit=5`, { headers: { 'content-type': 'application/json' } });
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ workflows: [] });
      } finally {
        await api.close();
      }
    } finally {
      await engine.close();
    }
  });

  it('reads ports strictly', () => {
    expect(parsePort('8989')).toBe(8989);
    expect(() => parsePort('89a')).toThrow('invalid port "89a"');
    expect(() => parsePort('70000')).toThrow('invalid port');
  });
});
