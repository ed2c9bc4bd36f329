import { describe, expect, it } from 'vitest';
import type { NetworkNode } from '../../api/network';
import { communitiesOf, findNodes, layout, OTHER_COLOUR, sizeFor } from './layout';

function node(id: string, community: number, label = id, degree = 1): NetworkNode {
  return { id, kind: 'organisation', label, degree, betweenness: 0, closeness: 0, clustering: 0, community };
}

describe('the policy monitor graph', () => {
  const nodes = [
    ...Array.from({ length: 5 }, (_, i) => node(`a${i}`, 7)),
    ...Array.from({ length: 3 }, (_, i) => node(`b${i}`, 2)),
    ...Array.from({ length: 11 }, (_, i) => node(`c${i}`, 100 + i)),
  ];

  it('ranks communities by size and gives the ten largest their own colour', () => {
    const communities = communitiesOf(nodes);
    expect(communities[0]).toMatchObject({ community: 7, size: 5, rank: 1 });
    expect(communities[1]).toMatchObject({ community: 2, size: 3, rank: 2 });
    expect(new Set(communities.slice(0, 10).map((c) => c.colour)).size).toBe(10);
    expect(communities.at(-1)?.colour).toBe(OTHER_COLOUR);
  });

  it('places every node, the same way each time, members near each other', () => {
    const communities = communitiesOf(nodes);
    const first = layout(nodes, communities);
    expect(first.size).toBe(nodes.length);
    expect(layout(nodes, communities)).toEqual(first);
    const a0 = first.get('a0')!;
    const a1 = first.get('a1')!;
    const c5 = first.get('c5')!;
    expect(Math.hypot(a0.x - a1.x, a0.y - a1.y)).toBeLessThan(Math.hypot(a0.x - c5.x, a0.y - c5.y));
  });

  it('sizes by the chosen centrality and finds a partner by part of the name', () => {
    expect(sizeFor(10, 10)).toBe(14);
    expect(sizeFor(0, 10)).toBe(2);
    const partners = [node('x', 1, 'ProDemos'), node('y', 1, 'Stichting Démos', 5)];
    expect(findNodes(partners, 'demos').map((n) => n.id)).toEqual(['y', 'x']);
    expect(findNodes(partners, 'Stichting').map((n) => n.id)).toEqual(['y']);
    expect(findNodes(partners, '  ')).toEqual([]);
  });
});
