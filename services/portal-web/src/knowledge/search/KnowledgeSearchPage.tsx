import { Button, Fieldset, FieldsetLegend, Heading2, Paragraph } from '@utrecht/component-library-react';
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { useKnowledgeKinds, useKnowledgeSearch, type FacetCount, type SearchResult } from '../../api/knowledge';
import { asProblem } from '../../api/problem';
import { CheckboxField, SelectField, TextField } from '../../components/fields';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate, formatNumber } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { snippetParts } from './snippet';
import {
  apiSearchQuery,
  facetSearchQuery,
  MULTI_FACETS,
  PAGE_SIZE,
  readSearch,
  toggleFacet,
  writeSearch,
  type MultiFacet,
  type SearchState,
} from './state';

const FACET_LABEL: Record<MultiFacet, MessageKey> = {
  kind: 'knowledge.facet.kind',
  theme: 'knowledge.facet.theme',
  prestatie: 'knowledge.facet.prestatie',
  partner: 'knowledge.facet.partner',
};

/** The highlighted snippet as text with <mark>: nothing the API sends is set as HTML. */
export function Snippet({ snippet }: { snippet: string }) {
  return (
    <Paragraph className="deelwijs-snippet">
      {snippetParts(snippet).map((part, index) =>
        part.marked ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>,
      )}
    </Paragraph>
  );
}

/**
 * Knowledge search: words, facets of which several values may be ticked (partners by their
 * names), highlighted snippets, pages. The search lives in the address bar.
 */
export default function KnowledgeSearchPage() {
  const { t, language } = useI18n();
  const search = useSearch();
  const [, navigate] = useLocation();
  const state = readSearch(search);
  const [words, setWords] = useState(state.q);
  // Back and forward change the words in the address bar: the field follows them.
  const [shownQ, setShownQ] = useState(state.q);
  if (shownQ !== state.q) {
    setShownQ(state.q);
    setWords(state.q);
  }
  const kinds = useKnowledgeKinds();
  const result = useKnowledgeSearch(apiSearchQuery(state));
  // Per facet with ticks, its choices as if it had none (see facetSearchQuery); hooks in a fixed order.
  const facetChoices = {
    kind: useKnowledgeSearch(facetSearchQuery(state, 'kind'), state.kind.length > 0),
    theme: useKnowledgeSearch(facetSearchQuery(state, 'theme'), state.theme.length > 0),
    prestatie: useKnowledgeSearch(facetSearchQuery(state, 'prestatie'), state.prestatie.length > 0),
    partner: useKnowledgeSearch(facetSearchQuery(state, 'partner'), state.partner.length > 0),
  };
  const update = (next: SearchState) => navigate(`/knowledge${writeSearch(next)}`, { replace: true });

  const facetLabel = (facet: MultiFacet, entry: FacetCount): string => {
    if (facet === 'kind') {
      const kind = kinds.data?.find((candidate) => candidate.slug === entry.value);
      return kind ? kind[language] : (entry.label ?? entry.value);
    }
    if (facet === 'partner') {
      // The API names the organisations it knows; an id alone means nothing to a person.
      return entry.label ?? t('knowledge.unknownPartner');
    }
    return entry.label ?? entry.value;
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update({ ...state, q: words, page: 1 });
  };

  const data: SearchResult | undefined = result.data;
  const pages = Math.max(1, Math.ceil((data?.total ?? 0) / PAGE_SIZE));
  const kindName = (slug: string) =>
    kinds.data?.find((candidate) => candidate.slug === slug)?.[language] ?? slug;

  return (
    <div className="deelwijs-stack">
      <PageTitle>{t('knowledge.title')}</PageTitle>
      <Paragraph>{t('knowledge.intro')}</Paragraph>
      <form role="search" aria-label={t('knowledge.searchLabel')} onSubmit={submit} className="deelwijs-row">
        <TextField
          label={t('knowledge.words')}
          description={t('knowledge.wordsHint')}
          type="search"
          inputMode="search"
          value={words}
          onChange={setWords}
        />
        <Button type="submit" appearance="primary-action-button">
          {t('knowledge.search')}
        </Button>
      </form>
      <ProblemAlert problem={result.error ? asProblem(result.error) : undefined} />
      <div className="deelwijs-search">
        <aside aria-label={t('knowledge.facets')} className="deelwijs-facets">
          <Heading2>{t('knowledge.facets')}</Heading2>
          {MULTI_FACETS.map((facet) => {
            const entries =
              // Until the facet's own counts arrive, the search's (with the names) stand in.
              ((state[facet].length > 0 ? facetChoices[facet].data : undefined) ?? data)?.facets[facet] ?? [];
            // A ticked value stays visible even when no item has it any more, so it can be unticked.
            const ticked = state[facet].filter((value) => !entries.some((entry) => entry.value === value));
            if (entries.length === 0 && ticked.length === 0) {
              return null;
            }
            return (
              <Fieldset key={facet}>
                <FieldsetLegend>{t(FACET_LABEL[facet])}</FieldsetLegend>
                {[...entries, ...ticked.map((value) => ({ value, count: 0 }) as FacetCount)].map((entry) => (
                  <CheckboxField
                    key={entry.value}
                    label={`${facetLabel(facet, entry)} (${formatNumber(entry.count)})`}
                    checked={state[facet].includes(entry.value)}
                    onChange={() => update(toggleFacet(state, facet, entry.value))}
                  />
                ))}
              </Fieldset>
            );
          })}
          <SelectField
            label={t('knowledge.facet.language')}
            value={state.language}
            empty={t('filters.all')}
            onChange={(value) => update({ ...state, language: value as SearchState['language'], page: 1 })}
            choices={(['nl', 'en'] as const).map((value) => {
              const count = data?.facets.language.find((entry) => entry.value === value)?.count ?? 0;
              return { value, label: `${t(`language.${value}`)} (${formatNumber(count)})` };
            })}
          />
        </aside>
        <section aria-labelledby="knowledge-results" className="deelwijs-stack">
          <Heading2 id="knowledge-results">{t('knowledge.results')}</Heading2>
          <Paragraph role="status">
            {result.isPending
              ? t('app.loading')
              : // The API stops counting at its limit and says so: the page says "more than", not a false total.
                t(data?.approximate ? 'knowledge.countMoreThan' : 'knowledge.count', { n: formatNumber(data?.total ?? 0) })}
          </Paragraph>
          {data && data.items.length > 0 && (
            <ol className="deelwijs-hits" start={(state.page - 1) * PAGE_SIZE + 1}>
              {data.items.map((hit) => (
                <li key={hit.itemId}>
                  <h3 className="utrecht-heading-3">
                    <Link href={`/knowledge/items/${hit.itemId}`} className="utrecht-link">
                      {hit.title}
                    </Link>
                  </h3>
                  <Paragraph className="deelwijs-hit-facts">
                    {[
                      kindName(hit.kind),
                      hit.publishedAt ? formatDate(hit.publishedAt, language) : undefined,
                      hit.prestatieCodes.length > 0
                        ? `${t('knowledge.facet.prestatie')} ${hit.prestatieCodes.join(', ')}`
                        : undefined,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </Paragraph>
                  <Snippet snippet={hit.snippet || hit.summary} />
                </li>
              ))}
            </ol>
          )}
          {pages > 1 && (
            <nav aria-label={t('pagination.label')} className="deelwijs-row">
              <Button
                appearance="secondary-action-button"
                disabled={state.page <= 1}
                onClick={() => update({ ...state, page: state.page - 1 })}
              >
                {t('pagination.previous')}
              </Button>
              <span>{t('pagination.status', { page: state.page, pages })}</span>
              <Button
                appearance="secondary-action-button"
                disabled={state.page >= pages}
                onClick={() => update({ ...state, page: state.page + 1 })}
              >
                {t('pagination.next')}
              </Button>
            </nav>
          )}
        </section>
      </div>
    </div>
  );
}
