/**
 * The workbook that the queue API tests, the worker SDK tests and the workers benchmark all run:
 * one `convection.queue` action, `encode`, that worker processes serve from queue `video`
 * (worker/testing/test-worker.ts answers `{file, worker}` after `ms` milliseconds or its gate).
 *
 * - `media.one` encodes one file, retried on failure (a lost lease counts as one), and publishes
 *   the worker's answer;
 * - `media.many` encodes a list of files with `with-items`;
 * - `media.fanout` encodes `n` numbered items without retries (the benchmark's load).
 */
export const MEDIA_QUEUE = 'video';

export const MEDIA_WORKBOOK = `version: '2.0'
name: media
actions:
  encode:
    base: convection.queue
    base-input:
      queue: ${MEDIA_QUEUE}
      input:
        file: <% $.file %>
        ms: <% $.ms %>
    input:
      - file
      - ms: 0
workflows:
  one:
    input:
      - file
      - ms: 0
    output:
      result: <% $.result %>
    tasks:
      enc:
        action: encode
        input:
          file: <% $.file %>
          ms: <% $.ms %>
        retry:
          count: 3
          delay: 0
        publish:
          result: <% task().result %>
  many:
    input: [files]
    tasks:
      enc:
        with-items: f in <% $.files %>
        action: encode
        input:
          file: <% $.f %>
  fanout:
    input: [n]
    tasks:
      enc:
        with-items: i in <% range($.n) %>
        action: encode
        input:
          file: <% str($.i) %>
`;
