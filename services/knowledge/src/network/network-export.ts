import type { NetworkMetrics } from './network-metrics';

export const EXPORT_FORMATS = ['json', 'graphml', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const NODE_COLUMNS = ['id', 'kind', 'label', 'degree', 'betweenness', 'closeness', 'clustering', 'community'] as const;

const xml = (value: string | number) =>
  String(value).replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[character]!);

/** GraphML as Gephi, Cytoscape and networkx read it: node metrics and edge weights as typed keys. */
export function toGraphMl(period: string, network: NetworkMetrics): string {
  const keys = [
    ['kind', 'node', 'string'],
    ['label', 'node', 'string'],
    ['degree', 'node', 'int'],
    ['betweenness', 'node', 'double'],
    ['closeness', 'node', 'double'],
    ['clustering', 'node', 'double'],
    ['community', 'node', 'int'],
    ['weight', 'edge', 'int'],
    ['relations', 'edge', 'string'],
  ];
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    ...keys.map(([name, scope, type]) => `  <key id="${name}" for="${scope}" attr.name="${name}" attr.type="${type}"/>`),
    `  <graph id="${xml(period)}" edgedefault="undirected">`,
  ];
  for (const node of network.nodes) {
    lines.push(`    <node id="${xml(node.id)}">`);
    for (const column of NODE_COLUMNS.slice(1)) {
      lines.push(`      <data key="${column}">${xml(node[column])}</data>`);
    }
    lines.push('    </node>');
  }
  network.edges.forEach((edge, index) => {
    lines.push(
      `    <edge id="e${index}" source="${xml(edge.source)}" target="${xml(edge.target)}">`,
      `      <data key="weight">${edge.weight}</data>`,
      `      <data key="relations">${xml(edge.relations.join(' '))}</data>`,
      '    </edge>',
    );
  });
  lines.push('  </graph>', '</graphml>', '');
  return lines.join('\n');
}

/**
 * CSV of the nodes with their metrics, or of the edges. Cells that a spreadsheet would run as a
 * formula (=, +, -, @) are prefixed with a quote: labels come from users.
 */
export function toCsv(network: NetworkMetrics, table: 'nodes' | 'edges'): string {
  const cell = (value: string | number) => {
    let text = String(value);
    if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) {
      text = `'${text}`;
    }
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const rows =
    table === 'nodes'
      ? [NODE_COLUMNS.join(','), ...network.nodes.map((node) => NODE_COLUMNS.map((column) => cell(node[column])).join(','))]
      : ['source,target,weight,relations', ...network.edges.map((edge) => [edge.source, edge.target, edge.weight, edge.relations.join(' ')].map(cell).join(','))];
  return `${rows.join('\r\n')}\r\n`;
}
