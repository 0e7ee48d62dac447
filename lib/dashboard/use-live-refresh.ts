'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useEventStream, type StreamStatus } from './use-event-stream';

/**
 * Lists without per-row patching (tasks, action executions): any matching event on `/v2/events`
 * re-fetches the list, at most once per `delayMs`, instead of polling.
 */
export function useLiveRefresh(paths: readonly string[], events: readonly string[], delayMs = 750): StreamStatus {
  const client = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return useEventStream(
    '/v2/events',
    () => {
      if (timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        for (const path of paths) void client.invalidateQueries({ queryKey: ['engine', path] });
      }, delayMs);
    },
    { events },
  );
}
