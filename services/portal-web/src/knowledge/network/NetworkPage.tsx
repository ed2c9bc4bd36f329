import {
  Button,
  Heading2,
  Paragraph,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
import Graph from 'graphology';
import { Fragment, useMemo, useState, type FormEvent } from 'react';
import { useLocation, useSearch } from 'wouter';
import {
  CENTRALITIES,
  downloadNetwork,
  useNetworkPeriods,
  useNetworkSnapshot,
  type Centrality,
  type NetworkNode,
  type NetworkSnapshot,
} from '../../api/network';
import { asProblem } from '../../api/problem';
import { SelectField, TextField } from '../../components/fields';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatNumber } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { communitiesOf, findNodes, layout, sizeFor, type Community } from './layout';
import { NetworkGraph } from './NetworkGraph';
import { ResponsiveTable } from '../../components/ResponsiveTable';

const KIND_LABEL: Record<string, MessageKey> = {
  organisation: 'network.kind.organisation',
  adviser: 'network.kind.adviser',
  activity: 'network.kind.activity',
  item: 'network.kind.item',
  advice: 'network.kind.advice',
  prestatie: 'network.kind.prestatie',
};

function buildGraph(snapshot: NetworkSnapshot, communities: Community[], centrality: Centrality): Graph {
  const colour = new Map(communities.map((community) => [community.community, community.colour]));
  const positions = layout(snapshot.nodes, communities);
  let max = 0;
  for (const node of snapshot.nodes) {
    max = Math.max(max, node[centrality]);
  }
  const graph = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false });
  for (const node of snapshot.nodes) {
    const { x, y } = positions.get(node.id)!;
    graph.addNode(node.id, {
      x,
      y,
      label: node.label,
      size: sizeFor(node[centrality], max),
      color: colour.get(node.community),
      community: node.community,
    });
  }
  // Keyed by their place in the answer: graphology's own keys are made up (and checked) one by one.
  snapshot.edges.forEach((edge, index) => {
    if (
      graph.hasNode(edge.source) &&
      graph.hasNode(edge.target) &&
      !graph.hasEdge(edge.source, edge.target)
    ) {
      graph.addEdgeWithKey(String(index), edge.source, edge.target, {
        size: Math.min(3, 0.5 + edge.weight * 0.25),
      });
    }
  });
  return graph;
}

/**
 * The policy monitor: a period's network of organisations, advisers, activities, items and
 * advices, communities in colour (and numbered in the legend and the panel, so colour is never
 * the only cue), nodes sized by a chosen centrality. The drawing is for the eye; everything in
 * it is also reachable by keyboard: search, the side panel with a node's links, the table.
 */
export default function NetworkPage() {
  const { t, language } = useI18n();
  const search = useSearch();
  const [, navigate] = useLocation();
  const params = new URLSearchParams(search);
  const periods = useNetworkPeriods();
  const period = params.get('period') ?? periods.data?.[periods.data.length - 1]?.period;
  const centrality = (CENTRALITIES as readonly string[]).includes(params.get('size') ?? '')
    ? (params.get('size') as Centrality)
    : 'degree';
  const snapshot = useNetworkSnapshot(period);
  const [selected, setSelected] = useState<string>();
  const [highlight, setHighlight] = useState<number>();
  const [words, setWords] = useState('');
  const [found, setFound] = useState<NetworkNode[]>();

  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(search);
    for (const [key, value] of Object.entries(changes)) {
      next.set(key, value);
    }
    navigate(`/knowledge/network?${next.toString()}`, { replace: true });
  };

  const communities = useMemo(
    () => (snapshot.data ? communitiesOf(snapshot.data.nodes) : []),
    [snapshot.data],
  );
  const byId = useMemo(
    () => new Map((snapshot.data?.nodes ?? []).map((node) => [node.id, node])),
    [snapshot.data],
  );
  const graph = useMemo(
    () => (snapshot.data ? buildGraph(snapshot.data, communities, centrality) : undefined),
    [snapshot.data, communities, centrality],
  );
  const rankOf = useMemo(() => new Map(communities.map((c) => [c.community, c])), [communities]);
  const top = useMemo(
    () => [...(snapshot.data?.nodes ?? [])].sort((a, b) => b[centrality] - a[centrality]).slice(0, 15),
    [snapshot.data, centrality],
  );
  const node = selected ? byId.get(selected) : undefined;
  const neighbours =
    graph && selected && graph.hasNode(selected)
      ? graph
          .neighbors(selected)
          .map((id) => byId.get(id)!)
          .sort((a, b) => b.degree - a.degree)
      : [];

  const choose = (id: string | undefined) => {
    setSelected(id);
    setHighlight(undefined);
  };
  const find = (event: FormEvent) => {
    event.preventDefault();
    const matches = findNodes(snapshot.data?.nodes ?? [], words);
    setFound(matches);
    if (matches.length === 1) {
      choose(matches[0].id);
    }
  };
  const kindName = (kind: string) => (KIND_LABEL[kind] ? t(KIND_LABEL[kind]) : kind);
  const communityName = (community: number) =>
    t('network.community', { n: rankOf.get(community)?.rank ?? community });

  return (
    <div className="deelwijs-stack">
      <PageTitle>{t('network.title')}</PageTitle>
      <Paragraph>{t('network.intro')}</Paragraph>
      <ProblemAlert problem={periods.error ? asProblem(periods.error) : undefined} />
      {periods.data && periods.data.length === 0 && <Paragraph>{t('network.noPeriods')}</Paragraph>}
      <form
        className="deelwijs-row"
        aria-label={t('network.settings')}
        onSubmit={(event) => event.preventDefault()}
      >
        <SelectField
          label={t('network.period')}
          value={period ?? ''}
          onChange={(value) => {
            choose(undefined);
            update({ period: value });
          }}
          choices={(periods.data ?? []).map((entry) => ({ value: entry.period, label: entry.period }))}
        />
        <SelectField
          label={t('network.sizeBy')}
          value={centrality}
          onChange={(value) => update({ size: value })}
          choices={CENTRALITIES.map((value) => ({ value, label: t(`network.centrality.${value}`) }))}
        />
      </form>
      <ProblemAlert problem={snapshot.error ? asProblem(snapshot.error) : undefined} />
      {snapshot.isFetching && <Paragraph role="status">{t('app.loading')}</Paragraph>}
      {snapshot.data && graph && (
        <>
          <Paragraph role="status">
            {t('network.summary', {
              nodes: formatNumber(snapshot.data.summary.nodes),
              edges: formatNumber(snapshot.data.summary.edges),
              communities: formatNumber(snapshot.data.summary.communities),
              modularity: formatNumber(Math.round(snapshot.data.summary.modularity * 100) / 100),
            })}
          </Paragraph>
          <form role="search" aria-label={t('network.searchLabel')} onSubmit={find} className="deelwijs-row">
            <TextField label={t('network.search')} type="search" value={words} onChange={setWords} />
            <Button type="submit" appearance="secondary-action-button">
              {t('knowledge.search')}
            </Button>
          </form>
          {found && (
            <div aria-live="polite">
              {found.length === 0 ? (
                <Paragraph>{t('network.notFound')}</Paragraph>
              ) : (
                <ul className="deelwijs-chips" aria-label={t('network.matches')}>
                  {found.map((match) => (
                    <li key={match.id}>
                      <Button
                        appearance="subtle-button"
                        onClick={() => choose(match.id)}
                        aria-pressed={match.id === selected}
                      >
                        {match.label} ({kindName(match.kind)})
                      </Button>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
          <div className="deelwijs-monitor">
            <div className="deelwijs-stack">
              <NetworkGraph
                graph={graph}
                selected={selected}
                highlightCommunity={highlight}
                onSelect={choose}
                label={t('network.graphLabel', { period: snapshot.data.period })}
              />
              <section aria-labelledby="legend">
                <Heading2 id="legend">{t('network.legend')}</Heading2>
                <ul className="deelwijs-legend">
                  {communities.slice(0, 10).map((community) => (
                    <li key={community.community}>
                      <Button
                        appearance="subtle-button"
                        aria-pressed={highlight === community.community}
                        onClick={() =>
                          setHighlight(highlight === community.community ? undefined : community.community)
                        }
                      >
                        <span
                          className="deelwijs-swatch"
                          style={{ background: community.colour }}
                          aria-hidden="true"
                        />
                        {communityName(community.community)} ·{' '}
                        {t('network.members', { n: formatNumber(community.size) })}
                      </Button>
                    </li>
                  ))}
                  {communities.length > 10 && (
                    <li>
                      <span className="deelwijs-swatch deelwijs-swatch--other" aria-hidden="true" />
                      {t('network.otherCommunities', { n: formatNumber(communities.length - 10) })}
                    </li>
                  )}
                </ul>
              </section>
            </div>
            <aside aria-labelledby="node-panel" className="deelwijs-panel">
              <Heading2 id="node-panel">{node ? node.label : t('network.noSelection')}</Heading2>
              {!node && <Paragraph>{t('network.choose')}</Paragraph>}
              {node && (
                <>
                  <dl className="deelwijs-facts">
                    <dt>{t('network.kind')}</dt>
                    <dd>{kindName(node.kind)}</dd>
                    <dt>{t('network.communityLabel')}</dt>
                    <dd>{communityName(node.community)}</dd>
                    {CENTRALITIES.map((measure) => (
                      <Fragment key={measure}>
                        <dt>{t(`network.centrality.${measure}`)}</dt>
                        <dd>{formatNumber(Math.round(node[measure] * 1000) / 1000)}</dd>
                      </Fragment>
                    ))}
                  </dl>
                  <h3 className="utrecht-heading-3">{t('network.links', { n: neighbours.length })}</h3>
                  <ul className="deelwijs-links">
                    {neighbours.slice(0, 50).map((neighbour) => (
                      <li key={neighbour.id}>
                        <Button appearance="subtle-button" onClick={() => choose(neighbour.id)}>
                          {neighbour.label} ({kindName(neighbour.kind)})
                        </Button>
                      </li>
                    ))}
                  </ul>
                  {neighbours.length > 50 && (
                    <Paragraph>
                      {t('network.moreLinks', { n: formatNumber(neighbours.length - 50) })}
                    </Paragraph>
                  )}
                  <Button appearance="secondary-action-button" onClick={() => choose(undefined)}>
                    {t('network.clear')}
                  </Button>
                </>
              )}
            </aside>
          </div>
          <section aria-labelledby="top-nodes" className="deelwijs-stack">
            <Heading2 id="top-nodes">
              {t('network.top', { measure: t(`network.centrality.${centrality}`) })}
            </Heading2>
            <ResponsiveTable labelledBy="top-nodes">
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell scope="col">{t('network.name')}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t('network.kind')}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t('network.communityLabel')}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t(`network.centrality.${centrality}`)}</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {top.map((entry) => (
                    <TableRow key={entry.id}>
                      <TableCell>
                        <Button appearance="subtle-button" onClick={() => choose(entry.id)}>
                          {entry.label}
                        </Button>
                      </TableCell>
                      <TableCell>{kindName(entry.kind)}</TableCell>
                      <TableCell>{communityName(entry.community)}</TableCell>
                      <TableCell>{formatNumber(Math.round(entry[centrality] * 1000) / 1000)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </ResponsiveTable>
          </section>
          <section aria-labelledby="exports">
            <Heading2 id="exports">{t('network.exports')}</Heading2>
            <ul className="utrecht-unordered-list" lang={language}>
              <li className="utrecht-unordered-list__item">
                <Button
                  appearance="subtle-button"
                  onClick={() => void downloadNetwork(snapshot.data.period, 'json')}
                >
                  {t('network.export.json')}
                </Button>
              </li>
              <li className="utrecht-unordered-list__item">
                <Button
                  appearance="subtle-button"
                  onClick={() => void downloadNetwork(snapshot.data.period, 'graphml')}
                >
                  {t('network.export.graphml')}
                </Button>
              </li>
              <li className="utrecht-unordered-list__item">
                <Button
                  appearance="subtle-button"
                  onClick={() => void downloadNetwork(snapshot.data.period, 'csv', 'nodes')}
                >
                  {t('network.export.nodes')}
                </Button>
              </li>
              <li className="utrecht-unordered-list__item">
                <Button
                  appearance="subtle-button"
                  onClick={() => void downloadNetwork(snapshot.data.period, 'csv', 'edges')}
                >
                  {t('network.export.edges')}
                </Button>
              </li>
            </ul>
          </section>
        </>
      )}
    </div>
  );
}
