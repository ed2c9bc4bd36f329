import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';

/**
 * Whether the element has come within a viewport's height of the screen; once true it stays
 * true. The dashboard draws a chart, and asks for the burn-ups' spending, only then: a programme
 * of many prestaties opens with its tables at once and draws the rest as the reader scrolls.
 */
export function useNearViewport(element: RefObject<Element | null>): boolean {
  // Without the observer (an old browser) everything is near: drawn and fetched at once.
  const [near, setNear] = useState(() => typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    const target = element.current;
    if (near || !target) {
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          setNear(true);
        }
      },
      { rootMargin: '100% 0px' },
    );
    observer.observe(target);
    return () => observer.disconnect();
  }, [element, near]);
  return near;
}

/** Its children only once it is near the screen; until then the room they will take. */
export function WhenNearViewport({ minHeight, children }: { minHeight: number; children: ReactNode }) {
  const element = useRef<HTMLDivElement>(null);
  const near = useNearViewport(element);
  return (
    <div ref={element} style={{ minHeight }}>
      {near ? children : null}
    </div>
  );
}
