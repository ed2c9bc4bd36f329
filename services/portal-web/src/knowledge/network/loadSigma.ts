/**
 * Sigma and its programs: a chunk of their own, which only the policy monitor needs. Asked for
 * by the drawing (NetworkGraph) and, when the app opens on the policy monitor, at start
 * (app/preload.ts): then it arrives while the network is still on its way, not after it.
 */
export function loadSigma() {
  return Promise.all([import('sigma'), import('sigma/rendering')]);
}
