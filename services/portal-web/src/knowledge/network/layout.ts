import type { NetworkNode } from '../../api/network';

/** Colours for the largest communities (distinct for most colour vision); the rest share grey. */
export const COMMUNITY_COLOURS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#bcbd22',
  '#393b79',
];
export const OTHER_COLOUR = '#9aa0a6';

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

export interface Community {
  community: number;
  size: number;
  colour: string;
  /** Its place among the communities by size (1 = largest): the legend's and the labels' cue besides colour. */
  rank: number;
}

/** Communities by size, largest first, each with its colour. */
export function communitiesOf(nodes: NetworkNode[]): Community[] {
  const sizes = new Map<number, number>();
  for (const node of nodes) {
    sizes.set(node.community, (sizes.get(node.community) ?? 0) + 1);
  }
  return [...sizes.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .map(([community, size], index) => ({
      community,
      size,
      rank: index + 1,
      colour: COMMUNITY_COLOURS[index] ?? OTHER_COLOUR,
    }));
}

/**
 * A position for every node without a force layout (which would cost seconds at 10,000
 * nodes): communities are discs laid out on a sunflower spiral, largest in the middle, and
 * a community's nodes fill its disc on a smaller spiral, most central first. Linear in the
 * nodes, the same every time.
 */
export function layout(nodes: NetworkNode[], communities: Community[]): Map<string, { x: number; y: number }> {
  const members = new Map<number, NetworkNode[]>();
  for (const node of nodes) {
    const list = members.get(node.community);
    if (list) {
      list.push(node);
    } else {
      members.set(node.community, [node]);
    }
  }
  const positions = new Map<string, { x: number; y: number }>();
  let placedArea = 0;
  communities.forEach((community, index) => {
    const radius = Math.sqrt(community.size);
    // The centre sits just outside the area the larger communities already fill.
    const distance = index === 0 ? 0 : Math.sqrt(placedArea) * 1.15 + radius;
    placedArea += (radius + 1) ** 2 * 1.2;
    const cx = distance * Math.cos(index * GOLDEN_ANGLE);
    const cy = distance * Math.sin(index * GOLDEN_ANGLE);
    const list = (members.get(community.community) ?? []).sort((a, b) => b.degree - a.degree);
    list.forEach((node, i) => {
      const r = Math.sqrt(i + 0.5) * 0.9;
      positions.set(node.id, { x: cx + r * Math.cos(i * GOLDEN_ANGLE), y: cy + r * Math.sin(i * GOLDEN_ANGLE) });
    });
  });
  return positions;
}

/** Node size from 2 to 14 pixels by the chosen centrality, relative to the largest value. */
export function sizeFor(value: number, max: number): number {
  return max > 0 ? 2 + 12 * Math.sqrt(Math.max(0, value) / max) : 3;
}

/** Nodes whose name contains the words (case and accents ignored), best matches first. */
export function findNodes(nodes: NetworkNode[], text: string, limit = 10): NetworkNode[] {
  const normal = (value: string) =>
    value
      .normalize('NFD')
      .replace(/\p{Diacritic}/gu, '')
      .toLowerCase();
  const wanted = normal(text.trim());
  if (!wanted) {
    return [];
  }
  return nodes
    .filter((node) => normal(node.label).includes(wanted))
    .sort((a, b) => Number(!normal(b.label).startsWith(wanted)) - Number(!normal(a.label).startsWith(wanted)) || b.degree - a.degree)
    .slice(0, limit);
}
