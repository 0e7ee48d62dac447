import { describe, expect, it } from 'vitest';
import { layeredLayout } from './layered-layout';

const box = (id: string) => ({ id, width: 100, height: 40 });

describe('layeredLayout', () => {
  it('puts every task right of the tasks it follows', () => {
    const p = layeredLayout({
      nodes: ['a', 'b', 'c', 'd'].map(box),
      edges: [
        { source: 'a', target: 'b' },
        { source: 'a', target: 'c' },
        { source: 'b', target: 'd' },
        { source: 'c', target: 'd' },
      ],
    });
    expect(p['a']!.x).toBeLessThan(p['b']!.x);
    expect(p['b']!.x).toBe(p['c']!.x);
    expect(p['c']!.x).toBeLessThan(p['d']!.x);
    expect(p['b']!.y).not.toBe(p['c']!.y);
  });

  it('lays out loops (a retry edge back to an earlier task) without failing', () => {
    const p = layeredLayout({
      nodes: ['a', 'b'].map(box),
      edges: [
        { source: 'a', target: 'b' },
        { source: 'b', target: 'a' },
        { source: 'b', target: 'b' },
      ],
    });
    expect(p['a']!.x).toBeLessThan(p['b']!.x);
  });

  it('never overlaps two nodes of a wide layer', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `t${i}`);
    const p = layeredLayout({ nodes: ['start', ...ids].map(box), edges: ids.map((t) => ({ source: 'start', target: t })) });
    const ys = ids.map((t) => p[t]!.y).sort((a, b) => a - b);
    for (let i = 1; i < ys.length; i++) expect(ys[i]! - ys[i - 1]!).toBeGreaterThanOrEqual(40);
  });

  it('ignores edges to unknown nodes', () => {
    const p = layeredLayout({ nodes: [box('a')], edges: [{ source: 'a', target: 'ghost' }] });
    expect(Object.keys(p)).toEqual(['a']);
  });
});
