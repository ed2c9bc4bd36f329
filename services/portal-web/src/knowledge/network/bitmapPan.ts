import type Sigma from 'sigma';

/** Movement (CSS pixels) below which a press and release is a click, not a pan. */
const CLICK_TOLERANCE_PX = 3;

/**
 * Panning by mouse as a moved picture: while the button is held, sigma's last frame (its
 * canvases) is shifted with a CSS transform, which the compositor does without sigma drawing
 * anything; when the button is released the camera moves by the same distance (sigma's own
 * drag arithmetic) and sigma draws once, after which the shift is removed in the same task.
 * (Not also while the pointer rests mid-drag: a full drawing blocks the page for seconds in
 * software WebGL, and then the drag would stall.) Sigma's own drag redraws all 10,000 nodes on every mouse move,
 * which software WebGL (a browser without a GPU) manages only a few times a second.
 *
 * Sigma never sees the moves of such a drag (so no hover at a stale position and no camera
 * update per move), nor the click that ends it (a drag is not a click, as in sigma's own
 * captor). Wheel, touch and clicks without movement stay sigma's. Returns the detacher.
 */
export function attachBitmapPan(renderer: Sigma): () => void {
  const canvases = renderer.getCanvases();
  const target = canvases.mouse;
  // Every layer except the one that takes the mouse (its position is the events' reference).
  const layers = Object.entries(canvases)
    .filter(([name]) => name !== 'mouse')
    .map(([, canvas]) => canvas);
  let drag: { originX: number; originY: number; x: number; y: number; moved: boolean } | undefined;
  /** A camera move is waiting for sigma's next frame: until then the old frame keeps its shift. */
  let pending = false;
  let swallowClick = false;

  const shift = () => {
    const transform = drag ? `translate(${drag.x - drag.originX}px, ${drag.y - drag.originY}px)` : '';
    for (const layer of layers) {
      layer.style.transform = transform;
    }
  };
  /** Moves the camera so that the graph point under the origin is under (x, y): sigma's drag, in one step. */
  const commit = (x: number, y: number) => {
    if (!drag || (x === drag.originX && y === drag.originY)) {
      return;
    }
    const box = target.getBoundingClientRect();
    const from = renderer.viewportToFramedGraph({ x: drag.originX - box.left, y: drag.originY - box.top });
    const to = renderer.viewportToFramedGraph({ x: x - box.left, y: y - box.top });
    const camera = renderer.getCamera();
    const state = camera.getState();
    pending = true;
    camera.setState({ x: state.x + from.x - to.x, y: state.y + from.y - to.y });
    if (camera.hasState(state)) {
      // The camera did not move (sigma redraws only on a change): a frame all the same, so the shift ends.
      renderer.scheduleRender();
    }
  };
  // The new frame and the removed shift reach the screen together.
  const drawn = () => {
    if (pending) {
      pending = false;
      shift();
    }
  };

  const down = (event: MouseEvent) => {
    if (event.button !== 0) {
      return;
    }
    swallowClick = false;
    drag = { originX: event.clientX, originY: event.clientY, x: event.clientX, y: event.clientY, moved: false };
  };
  const move = (event: MouseEvent) => {
    if (!drag) {
      return;
    }
    event.stopPropagation();
    drag.x = event.clientX;
    drag.y = event.clientY;
    if (!drag.moved && Math.hypot(drag.x - drag.originX, drag.y - drag.originY) < CLICK_TOLERANCE_PX) {
      return;
    }
    drag.moved = true;
    if (!pending) {
      shift();
    }
  };
  const up = () => {
    if (!drag) {
      return;
    }
    const { x, y, moved } = drag;
    if (moved) {
      swallowClick = true;
      commit(x, y);
    }
    drag = undefined;
    if (!pending) {
      shift();
    }
  };
  const click = (event: MouseEvent) => {
    if (swallowClick) {
      swallowClick = false;
      event.stopPropagation();
    }
  };

  target.addEventListener('mousedown', down);
  // Capturing on window runs before sigma's listeners (on the document and the canvas).
  window.addEventListener('mousemove', move, true);
  window.addEventListener('mouseup', up, true);
  window.addEventListener('click', click, true);
  renderer.on('afterRender', drawn);
  return () => {
    target.removeEventListener('mousedown', down);
    window.removeEventListener('mousemove', move, true);
    window.removeEventListener('mouseup', up, true);
    window.removeEventListener('click', click, true);
    renderer.off('afterRender', drawn);
  };
}
