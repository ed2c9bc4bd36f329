import type Graph from 'graphology';
import { useEffect, useRef } from 'react';
import type Sigma from 'sigma';
import { attachBitmapPan } from './bitmapPan';

/**
 * The network drawn by sigma (WebGL). Sigma is loaded here, on first use, as a chunk of its own:
 * the rest of the app never pays for it. The graph is built once per period; a change of
 * centrality, selection or highlighted community only changes the reducers and refreshes.
 */
export function NetworkGraph({
  graph,
  selected,
  highlightCommunity,
  onSelect,
  label,
}: {
  graph: Graph;
  selected?: string;
  highlightCommunity?: number;
  onSelect: (node: string | undefined) => void;
  label: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const renderer = useRef<Sigma | undefined>(undefined);
  // What the reducers and click handlers read: the latest props, without rebuilding the renderer.
  const state = useRef({ selected, highlightCommunity, onSelect });
  useEffect(() => {
    state.current = { selected, highlightCommunity, onSelect };
  });

  useEffect(() => {
    let cancelled = false;
    let instance: Sigma | undefined;
    let detachPan: (() => void) | undefined;
    void Promise.all([import('sigma'), import('sigma/rendering')]).then(([{ default: SigmaRenderer }, { EdgeLineProgram }]) => {
      if (cancelled || !container.current) {
        return;
      }
      instance = new SigmaRenderer(graph, container.current, {
        // Smooth at 10,000 nodes and 50,000 edges: edges are hidden while the camera moves,
        // and labels drawn only for the largest nodes.
        edgeProgramClasses: { line: EdgeLineProgram },
        hideEdgesOnMove: true,
        hideLabelsOnMove: true,
        labelRenderedSizeThreshold: 9,
        labelDensity: 0.5,
        defaultEdgeColor: '#c7ccd1',
        zIndex: true,
        nodeReducer: (node, data) => {
          const { selected: chosen, highlightCommunity: community } = state.current;
          const dimmed =
            (community !== undefined && data.community !== community) ||
            (chosen !== undefined && chosen !== node && !graph.areNeighbors(chosen, node));
          return {
            ...data,
            color: dimmed ? '#e3e5e8' : data.color,
            label: dimmed ? '' : data.label,
            zIndex: dimmed ? 0 : 1,
            highlighted: node === chosen,
            forceLabel: node === chosen,
          };
        },
        edgeReducer: (edge, data) => {
          const { selected: chosen } = state.current;
          if (chosen === undefined) {
            return data;
          }
          return graph.hasExtremity(edge, chosen) ? { ...data, color: '#3b4550', size: 1.5 } : { ...data, hidden: true };
        },
      });
      detachPan = attachBitmapPan(instance);
      instance.on('clickNode', ({ node }) => state.current.onSelect(node));
      instance.on('clickStage', () => state.current.onSelect(undefined));
      renderer.current = instance;
      // A sign for the browser tests and the benchmark that the graph is drawn.
      container.current.dataset.drawn = 'true';
    });
    return () => {
      cancelled = true;
      detachPan?.();
      instance?.kill();
      renderer.current = undefined;
    };
  }, [graph]);

  useEffect(() => {
    const instance = renderer.current;
    if (!instance) {
      return;
    }
    instance.refresh({ skipIndexation: true });
    if (selected && graph.hasNode(selected)) {
      const position = instance.getNodeDisplayData(selected);
      if (position) {
        void instance.getCamera().animate({ x: position.x, y: position.y, ratio: 0.25 }, { duration: 400 });
      }
    }
  }, [graph, selected, highlightCommunity]);

  return <div ref={container} className="deelwijs-network" role="img" aria-label={label} />;
}
