import { describe, expect, it } from 'vitest';
import { parseFrame, splitFrames } from './event-stream.js';

describe('Server-Sent Events parsing', () => {
  it('splits complete frames and keeps the incomplete rest for the next chunk', () => {
    expect(splitFrames(': connected\n\nid: 4\nevent: task\ndata: {"a"')).toEqual({ frames: [': connected'], rest: 'id: 4\nevent: task\ndata: {"a"' });
    expect(splitFrames('id: 1\r\nevent: x\r\n\r\n')).toEqual({ frames: ['id: 1\nevent: x'], rest: '' });
  });

  it('reads id, event, multi-line data and comments', () => {
    expect(parseFrame('id: 7\nevent: workflow\ndata: {"a":\ndata: 1}')).toEqual({ id: '7', event: 'workflow', data: '{"a":\n1}', comments: [] });
    expect(parseFrame(': heartbeat')).toEqual({ comments: ['heartbeat'] });
  });
});
