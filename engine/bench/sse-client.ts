/**
 * SSE subscribers run as their own process (so they do not share the server's event loop): opens
 * `subscribers` streams on `url`, prints `ready` once every stream said `: connected`, and records
 * the arrival time (Date.now(), the server's clock: same machine) of each event by its id. When a
 * JSON line `{ "createdAt": { "<id>": <epoch ms> } }` arrives on stdin it prints latency
 * percentiles (arrival − created_at) as JSON and exits.
 * argv: <json spec> with {url, subscribers, users}; stream i sends `x-bench-user: u<i % users>`.
 */
import { createInterface } from 'node:readline';

interface ClientSpec {
  readonly url: string;
  readonly subscribers: number;
  /** Distinct callers: the API caps open streams per caller. */
  readonly users: number;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as ClientSpec;
/** Per subscriber: event id → arrival time. */
const arrivals: Array<Map<number, number>> = Array.from({ length: spec.subscribers }, () => new Map());
let connected = 0;
let failedToOpen = 0;
let dropped = 0;

async function subscribe(index: number, onConnected: () => void): Promise<void> {
  const seen = arrivals[index] as Map<number, number>;
  const res = await fetch(spec.url, { headers: { accept: 'text/event-stream', 'x-bench-user': `u${index % spec.users}` } });
  if (res.status !== 200 || res.body === null) {
    failedToOpen++;
    onConnected();
    await res.arrayBuffer().catch(() => undefined);
    return;
  }
  const decoder = new TextDecoder();
  let buffer = '';
  let isConnected = false;
  try {
    for await (const chunk of res.body) {
      const now = Date.now();
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (!isConnected && block.startsWith(': connected')) {
          isConnected = true;
          onConnected();
          continue;
        }
        const idLine = block.split('\n').find((l) => l.startsWith('id: '));
        if (idLine !== undefined) seen.set(Number(idLine.slice(4)), now);
      }
    }
  } catch {
    // Ended when the process exits, or dropped by the server.
  }
  dropped++;
}

const ready = new Promise<void>((resolve) => {
  const opened = (): void => {
    connected++;
    if (connected === spec.subscribers) resolve();
  };
  for (let i = 0; i < spec.subscribers; i++) void subscribe(i, opened);
});
await ready;
process.stdout.write(`ready ${JSON.stringify({ failedToOpen })}\n`);

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const { createdAt } = JSON.parse(line) as { createdAt: Record<string, number> };
  const latencies: number[] = [];
  let missing = 0;
  for (const seen of arrivals) {
    for (const [id, created] of Object.entries(createdAt)) {
      const at = seen.get(Number(id));
      if (at === undefined) missing++;
      else latencies.push(at - created);
    }
  }
  latencies.sort((a, b) => a - b);
  const pct = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  process.stdout.write(
    JSON.stringify({
      subscribers: spec.subscribers,
      failedToOpen,
      droppedStreams: dropped,
      events: Object.keys(createdAt).length,
      deliveries: latencies.length,
      missing,
      p50: pct(50),
      p95: pct(95),
      p99: pct(99),
      max: latencies[latencies.length - 1] ?? 0,
    }) + '\n',
  );
  process.exit(0);
}
