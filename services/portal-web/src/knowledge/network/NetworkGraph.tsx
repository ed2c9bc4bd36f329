import type Graph from 'graphology';
import { useEffect, useRef } from 'react';
import type Sigma from 'sigma';
import { attachBitmapPan } from './bitmapPan';

function loadSigma() {
  return Promise.all([import('sigma'), import('sigma/rendering')]);
}

// Sigma is asked for as soon as this page's code runs (the app preloads that code when it opens
// on the policy monitor): it then arrives while the network is still on its way, not after it.
void loadSigma().catch(() => undefined);

/**
 * The network drawn by sigma (WebGL). Sigma is a chunk of its own, loaded with this page: the
 * rest of the app never pays for it. The graph is built once per period; a change of
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
    void loadSigma().then(([{ default: SigmaRenderer }, { EdgeLineProgram, NodePointProgram }]) => {
      if (cancelled || !container.current) {
        return;
      }
      instance = new SigmaRenderer(graph, container.current, {
        // Smooth at 10,000 nodes and 50,000 edges: edges are hidden while the camera moves,
        // and labels drawn only for the largest nodes.
        edgeProgramClasses: { line: EdgeLineProgram },
        // Nodes as points (one vertex each, drawn as the same antialiased disc) instead of sigma's
        // default instanced triangles: software WebGL (SwiftShader, a browser without a GPU)
        // drew the 10,000 instances, twice with the picking layer, in about 400 ms per frame. A
        // point's size is capped by the GPU (ALIASED_POINT_SIZE_RANGE), far above these nodes'.
        nodeProgramClasses: { circle: NodePointProgram },
        hideEdgesOnMove: true,
        hideLabelsOnMove: true,
        labelRenderedSizeThreshold: 9,
        labelDensity: 0.5,
        defaultEdgeColor: '#c7ccd1',
        zIndex: true,
        // Sigma hands the reducers a copy of the attributes, so they change it in place: at
        // 10,000 nodes and 50,000 edges a new object each costs time in every refresh.
        nodeReducer: (node, data) => {
          const { selected: chosen, highlightCommunity: community } = state.current;
          if (chosen === undefined && community === undefined) {
            return data;
          }
          const dimmed =
            (community !== undefined && data.community !== community) ||
            (chosen !== undefined && chosen !== node && !graph.areNeighbors(chosen, node));
          if (dimmed) {
            data.color = '#e3e5e8';
            data.label = '';
          }
          data.zIndex = dimmed ? 0 : 1;
          data.highlighted = node === chosen;
          data.forceLabel = node === chosen;
          return data;
        },
        edgeReducer: (edge, data) => {
          const { selected: chosen } = state.current;
          if (chosen === undefined) {
            return data;
          }
          if (graph.hasExtremity(edge, chosen)) {
            data.color = '#3b4550';
            data.size = 1.5;
          } else {
            data.hidden = true;
          }
          return data;
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
