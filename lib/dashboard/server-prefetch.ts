/**
 * Pages that read from the engine while the Next server renders them: the browser's first render
 * (and the HTML) then already holds the data, under the query key its hooks use. Anything that
 * fails is simply not prefetched; the browser asks again and shows errors its usual way.
 */
import { QueryClient, dehydrate, type DehydratedState } from '@tanstack/react-query';
import type { QueryParams } from './engine-fetch';
import { engineKey } from './engine-queries';
import { serverEngineGet } from './server-engine';
import type { Caller } from './server-session';

export class EnginePrefetch {
  readonly client = new QueryClient();

  constructor(private readonly caller: Exclude<Caller, { kind: 'anonymous' }>) {}

  /** GETs `path` as the caller and keeps the answer under `engineKey(path, params)`. */
  async get<T>(path: string, params: QueryParams = {}): Promise<T | undefined> {
    const data = await this.read<T>(path, params);
    if (data !== undefined) this.put(path, data, params);
    return data;
  }

  /** GETs `path` as the caller without keeping it (see {@link put}). */
  read<T>(path: string, params: QueryParams = {}): Promise<T | undefined> {
    return serverEngineGet<T>(this.caller, path, params);
  }

  /** Keeps `data` under a key of the caller's choice (a hook that wraps what it fetched). */
  put(path: string, data: unknown, params: QueryParams = {}): void {
    this.client.setQueryData(engineKey(path, params), data);
  }

  dehydrate(): DehydratedState {
    return dehydrate(this.client);
  }
}
