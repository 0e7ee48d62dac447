'use client';

import { useSession } from 'next-auth/react';
import { useEffect, useRef, useState } from 'react';
import { engineUrl, type QueryParams } from './engine-fetch';

export type StreamStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** One SSE message: its `event:` name, parsed `data:` and `id:` (the engine's event id). */
export interface StreamMessage {
  readonly event: string;
  readonly data: unknown;
  readonly id: string;
}

export interface EventStreamOptions {
  /** Event names to listen for (EventSource only delivers named events to named listeners). */
  readonly events: readonly string[];
  readonly params?: QueryParams;
  /** Stop after an `end` event (execution streams end when the execution is final). */
  readonly closeOnEnd?: boolean;
}

/**
 * Follows an engine SSE stream (`/v2/events`, `/v2/executions/{id}/events`) through the Next proxy.
 * The browser's EventSource reconnects by itself and sends `Last-Event-ID`, which the proxy passes
 * on, so the engine resumes without gaps. `onMessage` may change between renders without reconnecting.
 */
export function useEventStream(
  path: string | null,
  onMessage: (message: StreamMessage) => void,
  options: EventStreamOptions,
): StreamStatus {
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const handler = useRef(onMessage);
  handler.current = onMessage;
  const url = path === null ? null : engineUrl(path, options.params);
  const eventsKey = options.events.join(',');
  const closeOnEnd = options.closeOnEnd ?? false;
  // The proxy reads the session when the stream opens: a project switch needs a new stream, and
  // waiting for the session to load avoids opening one stream only to replace it at once.
  const session = useSession();
  const project = session.data?.project.id ?? '';
  const sessionLoading = session.status === 'loading';

  useEffect(() => {
    if (sessionLoading) return;
    if (url === null) {
      setStatus('closed');
      return;
    }
    const source = new EventSource(url);
    setStatus('connecting');
    source.onopen = () => setStatus('open');
    source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
    const listen = (name: string) => (event: MessageEvent<string>) => {
      let data: unknown = null;
      try {
        data = JSON.parse(event.data);
      } catch {
        data = event.data;
      }
      handler.current({ event: name, data, id: event.lastEventId });
      if (name === 'end' && closeOnEnd) {
        source.close();
        setStatus('closed');
      }
    };
    const names = [...new Set([...eventsKey.split(',').filter(Boolean), 'end'])];
    const listeners = names.map((name) => [name, listen(name)] as const);
    for (const [name, fn] of listeners) source.addEventListener(name, fn);
    return () => {
      for (const [name, fn] of listeners) source.removeEventListener(name, fn);
      source.close();
    };
  }, [url, eventsKey, closeOnEnd, project, sessionLoading]);

  return status;
}
