import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { labelCells } from './table-cells';

/**
 * How a table reads on a phone (below 40rem; wider screens show every table as it is):
 * - `cards`: each body row becomes a card, each cell headed by its column's header. For tables
 *   whose rows are things read one at a time (an indicator, an activity, a registration), where
 *   the whole row matters more than comparing a column from row to row.
 * - `scroll`: the table keeps its grid and scrolls sideways. For figure grids read along a
 *   column (months, a file's columns), where cards would hide the comparison.
 */
export type TableLayout = 'cards' | 'scroll';

/**
 * A table that stays usable on a phone: wrap a page's <Table> in it. Where the table is wider
 * than its place (cards not applying, or a wide figure grid), the wrapper becomes a named,
 * keyboard-focusable scroll region (WCAG 2.1.1: arrow keys scroll it) with a visible hint and
 * shadows at the edges that hide columns. The table's own markup (caption, th scope) stays.
 * The region is named by the table's caption, else by `labelledBy` (an element's id) or `label`.
 */
export function ResponsiveTable({
  layout = 'cards',
  labelledBy,
  label,
  children,
}: {
  layout?: TableLayout;
  labelledBy?: string;
  label?: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const scroller = useRef<HTMLDivElement>(null);
  const generatedId = useId();
  const [captionId, setCaptionId] = useState<string>();
  const [overflow, setOverflow] = useState({ any: false, before: false, after: false });

  useEffect(() => {
    const element = scroller.current;
    if (!element) {
      return undefined;
    }
    const measure = () => {
      const any = element.scrollWidth > element.clientWidth + 1;
      const before = any && Math.abs(element.scrollLeft) > 1;
      const after = any && Math.abs(element.scrollLeft) + element.clientWidth < element.scrollWidth - 1;
      setOverflow((now) =>
        now.any === any && now.before === before && now.after === after ? now : { any, before, after },
      );
    };
    const sync = () => {
      const table = element.querySelector('table');
      const caption = table?.caption;
      if (caption) {
        caption.id ||= `${generatedId}-caption`;
        setCaptionId(caption.id);
      }
      if (table && layout === 'cards') {
        labelCells(table);
      }
      measure();
    };
    sync();
    // Rows come and go with the data (and the language): label them again as they do.
    const mutations = new MutationObserver(sync);
    mutations.observe(element, { childList: true, subtree: true, characterData: true });
    const resizes = new ResizeObserver(measure);
    resizes.observe(element);
    const table = element.querySelector('table');
    if (table) {
      resizes.observe(table);
    }
    element.addEventListener('scroll', measure, { passive: true });
    return () => {
      mutations.disconnect();
      resizes.disconnect();
      element.removeEventListener('scroll', measure);
    };
  }, [layout, generatedId]);

  const name = labelledBy ?? captionId;
  const hintId = `${generatedId}-hint`;
  return (
    <div className={`deelwijs-table deelwijs-table--${layout}`}>
      <div
        ref={scroller}
        className="deelwijs-table__scroll"
        data-more-before={overflow.before || undefined}
        data-more-after={overflow.after || undefined}
        {...(overflow.any
          ? {
              role: 'region',
              tabIndex: 0,
              'aria-labelledby': name,
              'aria-label': name ? undefined : label,
              'aria-describedby': hintId,
            }
          : {})}
      >
        {children}
      </div>
      {overflow.any && (
        <p id={hintId} className="deelwijs-table__hint">
          {t('table.scrollHint')}
        </p>
      )}
    </div>
  );
}
