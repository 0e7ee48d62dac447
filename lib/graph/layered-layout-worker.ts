/// <reference lib="webworker" />
/**
 * The graph worker: reads a definition into its shape (YAML parsing takes seconds for a
 * 5,000-task definition) and runs {@link layeredLayout}, both off the main thread. One message in
 * (a request id and a job), one message out (the answer, or the error text).
 */
import { layeredLayout } from './layered-layout';
import type { LayoutInput } from './layered-layout';
import { workflowShape } from './workflow-shape';

type Request =
  | { readonly id: number; readonly kind: 'layout'; readonly input: LayoutInput }
  | { readonly id: number; readonly kind: 'shape'; readonly definition: string; readonly workflowName: string };

self.onmessage = (event: MessageEvent<Request>) => {
  const request = event.data;
  try {
    const answer = request.kind === 'layout' ? layeredLayout(request.input) : workflowShape(request.definition, request.workflowName);
    self.postMessage({ id: request.id, answer });
  } catch (error) {
    self.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
};
