/**
 * A graph as compressed sparse rows: the neighbours of node i are
 * neighbours[starts[i]] .. neighbours[starts[i + 1] - 1]. Typed arrays instead of a graphology
 * graph or Maps keep the all-pairs searches below in flat memory, and they can be handed to a
 * worker thread as they are.
 */
export interface Adjacency {
  order: number;
  starts: Int32Array;
  neighbours: Int32Array;
}

/** Per node, the sums the breadth-first searches from a set of sources give. */
export interface PathSums {
  /** Brandes' dependencies summed over the sources, not yet scaled. */
  betweenness: Float64Array;
  /** Per source: how many nodes it reaches (itself excluded), at what total distance. */
  reached: Int32Array;
  distance: Float64Array;
}

/**
 * Exact betweenness (Brandes 2001, unweighted) and closeness from one breadth-first search per
 * source, for the sources from..to-1 (so that workers can each take a share): one search serves
 * both measures. The arithmetic is graphology-metrics' own, in the same order (a breadth-first
 * order given by the neighbour order, dependencies accumulated in reverse), so one pass over all
 * sources gives the same numbers to the last bit; sums over shares differ only in the order
 * the shares are added. A node's predecessors on shortest paths are kept in its own slice of one
 * flat array (it has at most as many as neighbours), so nothing is allocated per search.
 */
export function pathSums(graph: Adjacency, from = 0, to = graph.order): PathSums {
  const { order, starts, neighbours } = graph;
  const betweenness = new Float64Array(order);
  const reached = new Int32Array(order);
  const distance = new Float64Array(order);
  // Path counts grow exponentially with distance in dense parts: doubles, not 32-bit integers.
  const sigma = new Float64Array(order);
  const depth = new Int32Array(order).fill(-1);
  const delta = new Float64Array(order);
  const predecessors = new Int32Array(neighbours.length);
  const predecessorsEnd = new Int32Array(order);
  // The breadth-first queue is also the visiting order (Brandes' stack, read backwards).
  const queue = new Int32Array(order);
  for (let source = from; source < to; source += 1) {
    sigma[source] = 1;
    depth[source] = 0;
    predecessorsEnd[source] = starts[source];
    queue[0] = source;
    let head = 0;
    let tail = 1;
    let total = 0;
    while (head < tail) {
      const v = queue[head++];
      const next = depth[v] + 1;
      const paths = sigma[v];
      total += next - 1;
      for (let j = starts[v], end = starts[v + 1]; j < end; j += 1) {
        const w = neighbours[j];
        if (depth[w] === -1) {
          depth[w] = next;
          queue[tail++] = w;
          predecessorsEnd[w] = starts[w];
        }
        if (depth[w] === next) {
          sigma[w] += paths;
          predecessors[predecessorsEnd[w]++] = v;
        }
      }
    }
    reached[source] = tail - 1;
    distance[source] = total;
    for (let k = tail - 1; k >= 0; k -= 1) {
      const w = queue[k];
      const coefficient = (1 + delta[w]) / sigma[w];
      for (let j = starts[w], end = predecessorsEnd[w]; j < end; j += 1) {
        const v = predecessors[j];
        delta[v] += sigma[v] * coefficient;
      }
      if (w !== source) {
        betweenness[w] += delta[w];
      }
    }
    for (let k = 0; k < tail; k += 1) {
      const w = queue[k];
      sigma[w] = 0;
      depth[w] = -1;
      delta[w] = 0;
    }
  }
  return { betweenness, reached, distance };
}

/**
 * Normalised betweenness and Wasserman-Faust closeness from the sums over all sources, scaled as
 * graphology-metrics scales them (betweenness by 1 / ((n - 1)(n - 2)) for an undirected graph,
 * whose pairs are counted from both ends).
 */
export function scalePathSums(order: number, sums: PathSums): { betweenness: Float64Array; closeness: Float64Array } {
  const betweenness = new Float64Array(sums.betweenness);
  if (order > 2) {
    const scale = 1 / ((order - 1) * (order - 2));
    for (let i = 0; i < order; i += 1) {
      betweenness[i] *= scale;
    }
  }
  const closeness = new Float64Array(order);
  for (let i = 0; i < order; i += 1) {
    const total = sums.distance[i];
    const count = sums.reached[i];
    if (total > 0 && order > 1) {
      closeness[i] = (count / total) * (count / (order - 1));
    }
  }
  return { betweenness, closeness };
}

/** Adds the sums of another share of sources into the first. */
export function addPathSums(into: PathSums, share: PathSums, from: number, to: number): void {
  for (let i = 0; i < into.betweenness.length; i += 1) {
    into.betweenness[i] += share.betweenness[i];
  }
  for (let i = from; i < to; i += 1) {
    into.reached[i] = share.reached[i];
    into.distance[i] = share.distance[i];
  }
}
