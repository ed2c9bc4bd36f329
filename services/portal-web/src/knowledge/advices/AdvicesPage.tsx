import { Heading2, Heading3, Paragraph } from '@utrecht/component-library-react';
import { useState } from 'react';
import { Link } from 'wouter';
import { useAdvices, type Advice, type AdviceStatus } from '../../api/knowledge';
import { asProblem } from '../../api/problem';
import { SelectField } from '../../components/fields';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';

const STATUSES: AdviceStatus[] = ['issued', 'answered', 'follow-up'];

/** Advices grouped by the body that gave them (the youth council, a partner's panel), in order of name. */
export function byAdviser(advices: Advice[]): Array<[string, Advice[]]> {
  const groups = new Map<string, Advice[]>();
  for (const advice of advices) {
    groups.set(advice.adviser, [...(groups.get(advice.adviser) ?? []), advice]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'nl'))
    .map(([adviser, list]) => [adviser, [...list].sort((a, b) => b.issuedAt.localeCompare(a.issuedAt))]);
}

/**
 * An advice's life in three steps: issued, answered (with the outcome), followed up. Each step
 * says in words whether it happened, so the state never rests on a colour or an icon.
 */
function Lifecycle({ advice }: { advice: Advice }) {
  const { t, language } = useI18n();
  const answered = advice.status !== 'issued';
  const followedUp = advice.followUps.length > 0;
  return (
    <ol className="deelwijs-lifecycle" aria-label={t('advices.lifecycle')}>
      <li className="deelwijs-lifecycle__step deelwijs-lifecycle__step--done">
        <strong>{t('advices.step.issued')}</strong> {t('advices.done')}: {formatDate(advice.issuedAt, language)}
        {advice.solicited ? ` (${t('advices.solicited')})` : ` (${t('advices.unsolicited')})`}
      </li>
      <li className={`deelwijs-lifecycle__step${answered ? ' deelwijs-lifecycle__step--done' : ''}`}>
        <strong>{t('advices.step.answered')}</strong>{' '}
        {answered && advice.answeredAt ? (
          <>
            {t('advices.done')}: {formatDate(advice.answeredAt, language)} ·{' '}
            {advice.outcome ? t(`advices.outcome.${advice.outcome}`) : ''}
            {advice.response && <span className="deelwijs-lifecycle__text">{advice.response}</span>}
          </>
        ) : (
          t('advices.notYet')
        )}
      </li>
      <li className={`deelwijs-lifecycle__step${followedUp ? ' deelwijs-lifecycle__step--done' : ''}`}>
        <strong>{t('advices.step.followUp')}</strong>{' '}
        {followedUp ? (
          <ul className="utrecht-unordered-list">
            {advice.followUps.map((followUp) => (
              <li key={followUp.followUpId} className="utrecht-unordered-list__item">
                {followUp.description}
                {followUp.dueOn ? ` (${t('advices.dueOn', { date: formatDate(followUp.dueOn, language) })})` : ''}
              </li>
            ))}
          </ul>
        ) : (
          t('advices.notYet')
        )}
      </li>
    </ol>
  );
}

export default function AdvicesPage() {
  const { t } = useI18n();
  const [status, setStatus] = useState<'' | AdviceStatus>('');
  const advices = useAdvices(status || undefined);
  return (
    <div className="deelwijs-stack">
      <PageTitle>{t('advices.title')}</PageTitle>
      <Paragraph>{t('advices.intro')}</Paragraph>
      <form aria-label={t('activities.filters')} onSubmit={(event) => event.preventDefault()}>
        <SelectField
          label={t('advices.status')}
          value={status}
          empty={t('filters.all')}
          onChange={(value) => setStatus(value as '' | AdviceStatus)}
          choices={STATUSES.map((value) => ({ value, label: t(`advices.status.${value}`) }))}
        />
      </form>
      <ProblemAlert problem={advices.error ? asProblem(advices.error) : undefined} />
      {advices.isPending && <Paragraph role="status">{t('app.loading')}</Paragraph>}
      {advices.data && advices.data.length === 0 && <Paragraph>{t('advices.none')}</Paragraph>}
      {advices.data &&
        byAdviser(advices.data).map(([adviser, list]) => (
          <section key={adviser} aria-label={adviser} className="deelwijs-stack">
            <Heading2>{adviser}</Heading2>
            {list.map((advice) => (
              <article key={advice.adviceId} className="deelwijs-advice" aria-label={advice.title}>
                <Heading3>{advice.title}</Heading3>
                <Paragraph>
                  {t('advices.status')}: {t(`advices.status.${advice.status}`)}
                  {advice.prestatieCodes.length > 0
                    ? ` · ${t('knowledge.facet.prestatie')} ${advice.prestatieCodes.join(', ')}`
                    : ''}
                </Paragraph>
                {advice.summary && <Paragraph>{advice.summary}</Paragraph>}
                {advice.itemId && (
                  <Paragraph>
                    <Link href={`/knowledge/items/${advice.itemId}`} className="utrecht-link">
                      {t('advices.item')}
                    </Link>
                  </Paragraph>
                )}
                <Lifecycle advice={advice} />
              </article>
            ))}
          </section>
        ))}
    </div>
  );
}
