import {
  Heading2,
  Paragraph,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
import { useState } from 'react';
import { Link } from 'wouter';
import {
  attachmentHref,
  useKnowledgeItem,
  useKnowledgeKinds,
  useVersionDiff,
  useVersions,
  type KnowledgeItem,
  type Version,
} from '../../api/knowledge';
import { asProblem } from '../../api/problem';
import { SelectField } from '../../components/fields';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate, formatNumber, formatTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { hasRole, useSession } from '../../session/session';
import { DiffView } from './DiffView';
import { ResponsiveTable } from '../../components/ResponsiveTable';

function fileSize(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${formatNumber(Math.round(bytes / 104857.6) / 10)} MB`
    : `${formatNumber(Math.max(1, Math.round(bytes / 1024)))} kB`;
}

/** One knowledge item: its text, facts and attachments; for editors its versions and what changed. */
export default function KnowledgeItemPage({ params }: { params: { id: string } }) {
  const { t, language } = useI18n();
  const session = useSession();
  const item = useKnowledgeItem(params.id);
  const kinds = useKnowledgeKinds();
  // The portal's roles have no editor (yet): administrators are the portal's editors.
  const mayEdit = hasRole(session, 'admin');
  const versions = useVersions(params.id, mayEdit);

  if (item.isPending) {
    return <Paragraph role="status">{t('app.loading')}</Paragraph>;
  }
  if (!item.data) {
    return (
      <div className="deelwijs-stack">
        <PageTitle>{t('knowledge.item')}</PageTitle>
        <ProblemAlert problem={asProblem(item.error)} />
      </div>
    );
  }
  const current: KnowledgeItem = item.data;
  const kind = kinds.data?.find((entry) => entry.slug === current.kind)?.[language] ?? current.kind;
  return (
    <div className="deelwijs-stack">
      <Paragraph>
        <Link href="/knowledge" className="utrecht-link">
          {t('knowledge.back')}
        </Link>
      </Paragraph>
      <PageTitle>{current.title}</PageTitle>
      <dl className="deelwijs-facts">
        <dt>{t('knowledge.facet.kind')}</dt>
        <dd>{kind}</dd>
        <dt>{t('knowledge.status')}</dt>
        <dd>{t(`knowledge.status.${current.status}`)}</dd>
        {current.publishedAt && (
          <>
            <dt>{t('knowledge.published')}</dt>
            <dd>{formatDate(current.publishedAt, language)}</dd>
          </>
        )}
        {current.themes.length > 0 && (
          <>
            <dt>{t('knowledge.facet.theme')}</dt>
            <dd>{current.themes.join(', ')}</dd>
          </>
        )}
        {current.prestatieCodes.length > 0 && (
          <>
            <dt>{t('knowledge.facet.prestatie')}</dt>
            <dd>{current.prestatieCodes.join(', ')}</dd>
          </>
        )}
        {current.authors.length > 0 && (
          <>
            <dt>{t('knowledge.authors')}</dt>
            <dd>{current.authors.join(', ')}</dd>
          </>
        )}
        <dt>{t('knowledge.version')}</dt>
        <dd>{current.version}</dd>
      </dl>
      {current.summary && <Paragraph lead>{current.summary}</Paragraph>}
      {/*
        The service renders the body from Markdown with raw HTML escaped and only http(s),
        mailto and relative links kept (knowledge items/markdown.ts): it is meant to be shown as is.
      */}
      <div className="deelwijs-item-body" lang={current.language} dangerouslySetInnerHTML={{ __html: current.bodyHtml }} />

      <section aria-labelledby="attachments" className="deelwijs-stack">
        <Heading2 id="attachments">{t('knowledge.attachments')}</Heading2>
        {current.attachments.length === 0 ? (
          <Paragraph>{t('knowledge.noAttachments')}</Paragraph>
        ) : (
          <ul className="utrecht-unordered-list">
            {current.attachments.map((attachment) => (
              <li key={attachment.attachmentId} className="utrecht-unordered-list__item">
                <a
                  className="utrecht-link"
                  href={attachmentHref(current.itemId, attachment.attachmentId)}
                  download={attachment.fileName}
                >
                  {attachment.fileName}
                </a>{' '}
                ({attachment.mediaType}, {fileSize(attachment.sizeBytes)})
              </li>
            ))}
          </ul>
        )}
      </section>

      {mayEdit && (
        <section aria-labelledby="versions" className="deelwijs-stack">
          <Heading2 id="versions">{t('knowledge.versions')}</Heading2>
          <ProblemAlert problem={versions.error ? asProblem(versions.error) : undefined} />
          {versions.data && <Versions itemId={current.itemId} versions={versions.data} />}
        </section>
      )}
    </div>
  );
}

function Versions({ itemId, versions }: { itemId: string; versions: Version[] }) {
  const { t, language } = useI18n();
  const numbers = versions.map((version) => version.version).sort((a, b) => a - b);
  const latest = numbers[numbers.length - 1];
  const [from, setFrom] = useState<number | undefined>(numbers.length > 1 ? numbers[numbers.length - 2] : undefined);
  const [to, setTo] = useState<number | undefined>(latest);
  const diff = useVersionDiff(itemId, from, to);
  const choices = numbers.map((number) => ({ value: String(number), label: t('knowledge.versionN', { n: number }) }));
  const changeLabel = (change: string): string => {
    const status = /^status:(draft|in-review|published|archived)$/.exec(change)?.[1] as KnowledgeItem['status'] | undefined;
    if (status) {
      return t('knowledge.change.status', { status: t(`knowledge.status.${status}`) });
    }
    return change === 'created' || change === 'updated' || change === 'attachment-added'
      ? t(`knowledge.change.${change}`)
      : change;
  };
  return (
    <>
      <ResponsiveTable label={t('knowledge.versions')}>
        <Table>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t('knowledge.version')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('knowledge.change')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('knowledge.changedBy')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('knowledge.changedAt')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {[...versions]
              .sort((a, b) => b.version - a.version)
              .map((version) => (
                <TableRow key={version.version}>
                  <TableCell>{version.version}</TableCell>
                  <TableCell>{changeLabel(version.change)}</TableCell>
                  <TableCell>{version.changedBy}</TableCell>
                  <TableCell>
                    {formatDate(version.changedAt, language)} {formatTime(version.changedAt, language)}
                  </TableCell>
                </TableRow>
              ))}
          </TableBody>
        </Table>
      </ResponsiveTable>
      {numbers.length > 1 && (
        <>
          <form className="deelwijs-row" aria-label={t('knowledge.compare')} onSubmit={(event) => event.preventDefault()}>
            <SelectField
              label={t('knowledge.compareFrom')}
              value={from === undefined ? '' : String(from)}
              onChange={(value) => setFrom(value ? Number(value) : undefined)}
              choices={choices}
            />
            <SelectField
              label={t('knowledge.compareTo')}
              value={to === undefined ? '' : String(to)}
              onChange={(value) => setTo(value ? Number(value) : undefined)}
              choices={choices}
            />
          </form>
          <ProblemAlert problem={diff.error ? asProblem(diff.error) : undefined} />
          {from === to && <Paragraph>{t('knowledge.sameVersion')}</Paragraph>}
          {diff.data && <DiffView diff={diff.data} />}
        </>
      )}
    </>
  );
}
