/**
 * A small HTTP load generator run as its own process (so it does not share the server's event
 * loop): sends `requests` requests with `concurrency` in flight and prints latency percentiles as
 * JSON. argv: <json spec> with {url, method?, body?, headers?, concurrency, requests, urls?}.
 */

interface LoadSpec {
  readonly url: string;
  /** When given, requests cycle through these URLs instead of `url`. */
  readonly urls?: readonly string[];
  readonly method?: string;
  readonly body?: string;
  readonly headers?: Record<string, string>;
  readonly concurrency: number;
  readonly requests: number;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
const latencies: number[] = [];
let next = 0;
let failures = 0;

async function worker(): Promise<void> {
  while (next < spec.requests) {
    const i = next++;
    const url = spec.urls ? (spec.urls[i % spec.urls.length] as string) : spec.url;
    const started = performance.now();
    const res = await fetch(url, { method: spec.method ?? 'GET', body: spec.body ?? null, headers: spec.headers ?? {} });
    await res.arrayBuffer();
    latencies.push(performance.now() - started);
    if (res.status >= 400) failures++;
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: spec.concurrency }, worker));
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
process.stdout.write(JSON.stringify({ requests: latencies.length, failures, seconds, perSecond: latencies.length / seconds, p50: pct(50), p95: pct(95), p99: pct(99) }) + '\n');
