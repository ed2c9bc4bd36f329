import {
  Button,
  Heading2,
  Paragraph,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { activitiesApi, data } from '../../api/client';
import type { components } from '../../api/openapi/activities';
import { asProblem, fieldErrors, type Problem } from '../../api/problem';
import { CheckboxField, TextField } from '../../components/fields';
import { PageTitle } from '../../components/PageTitle';
import { Notice, ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { ResponsiveTable } from '../../components/ResponsiveTable';

type Entry = components['schemas']['CatalogueEntryView'];
type Catalogue = 'activity-types' | 'location-categories';
const CATALOGUES: Array<{ catalogue: Catalogue; title: MessageKey }> = [
  { catalogue: 'activity-types', title: 'catalogues.activityTypes' },
  { catalogue: 'location-categories', title: 'catalogues.locationCategories' },
];

function listOf(catalogue: Catalogue) {
  return catalogue === 'activity-types'
    ? data(activitiesApi.GET('/v1/activity-types'))
    : data(activitiesApi.GET('/v1/location-categories'));
}

function put(catalogue: Catalogue, slug: string, body: { label: { nl: string; en: string }; active: boolean }) {
  const params = { path: { slug } };
  return catalogue === 'activity-types'
    ? data(activitiesApi.PUT('/v1/activity-types/{slug}', { params, body }))
    : data(activitiesApi.PUT('/v1/location-categories/{slug}', { params, body }));
}

/** The activity-type and location-category catalogues: add a value, edit its Dutch and English names, deactivate it. */
export default function CataloguesPage() {
  const { t } = useI18n();
  return (
    <div className="deelwijs-stack">
      <PageTitle>{t('admin.catalogues')}</PageTitle>
      <Paragraph>{t('catalogues.intro')}</Paragraph>
      {CATALOGUES.map(({ catalogue, title }) => (
        <CatalogueSection key={catalogue} catalogue={catalogue} title={t(title)} />
      ))}
    </div>
  );
}

function CatalogueSection({ catalogue, title }: { catalogue: Catalogue; title: string }) {
  const { t, language } = useI18n();
  const entries = useQuery({ queryKey: ['catalogue', catalogue], queryFn: () => listOf(catalogue) });
  const [editing, setEditing] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const headingId = `catalogue-${catalogue}`;
  return (
    <section aria-labelledby={headingId} className="deelwijs-stack">
      <Heading2 id={headingId}>{title}</Heading2>
      {notice && <Notice>{notice}</Notice>}
      {entries.error && <ProblemAlert problem={asProblem(entries.error)} />}
      {entries.data && (
        <ResponsiveTable labelledBy={headingId}>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('catalogues.slug')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('catalogues.labelNl')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('catalogues.labelEn')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('catalogues.state')}</TableHeaderCell>
                <TableHeaderCell scope="col">
                  <span className="deelwijs-visually-hidden">{t('admin.actions')}</span>
                </TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {entries.data.map((entry) => (
                <TableRow key={entry.slug}>
                  <TableCell>
                    <code>{entry.slug}</code>
                  </TableCell>
                  <TableCell lang="nl">{entry.label.nl}</TableCell>
                  <TableCell lang="en">{entry.label.en}</TableCell>
                  <TableCell>{entry.active ? t('catalogues.isActive') : t('catalogues.isInactive')}</TableCell>
                  <TableCell>
                    <Button
                      appearance="secondary-action-button"
                      aria-label={t('catalogues.editNamed', { label: entry.label[language] })}
                      aria-expanded={editing === entry.slug}
                      onClick={() => {
                        setNotice(undefined);
                        setEditing(editing === entry.slug ? undefined : entry.slug);
                      }}
                    >
                      {t('catalogues.edit')}
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ResponsiveTable>
      )}
      {editing && entries.data?.some((entry) => entry.slug === editing) && (
        <EntryForm
          key={editing}
          catalogue={catalogue}
          entry={entries.data.find((entry) => entry.slug === editing)}
          heading={t('catalogues.editing', { slug: editing })}
          onDone={(saved) => {
            setEditing(undefined);
            if (saved) {
              setNotice(t('catalogues.saved', { label: saved.label[language] }));
            }
          }}
        />
      )}
      <EntryForm
        key={`new-${catalogue}`}
        catalogue={catalogue}
        heading={t('catalogues.addTo', { list: title })}
        onDone={(saved) => saved && setNotice(t('catalogues.saved', { label: saved.label[language] }))}
      />
    </section>
  );
}

function EntryForm({
  catalogue,
  entry,
  heading,
  onDone,
}: {
  catalogue: Catalogue;
  entry?: Entry;
  heading: string;
  onDone: (saved?: Entry) => void;
}) {
  const { t } = useI18n();
  const queries = useQueryClient();
  const [slug, setSlug] = useState(entry?.slug ?? '');
  const [nl, setNl] = useState(entry?.label.nl ?? '');
  const [en, setEn] = useState(entry?.label.en ?? '');
  const [active, setActive] = useState(entry?.active ?? true);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [problem, setProblem] = useState<Problem>();
  const save = useMutation({
    mutationFn: () => put(catalogue, slug.trim(), { label: { nl: nl.trim(), en: en.trim() }, active }),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['catalogue', catalogue] }),
  });
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    const found = {
      slug: slug.trim() ? undefined : t('reason.required'),
      'label.nl': nl.trim() ? undefined : t('reason.required'),
      'label.en': en.trim() ? undefined : t('reason.required'),
    };
    setErrors(found);
    if (Object.values(found).some(Boolean)) {
      return;
    }
    save.mutate(undefined, {
      onSuccess: (saved) => {
        if (!entry) {
          setSlug('');
          setNl('');
          setEn('');
          setActive(true);
        }
        onDone(saved);
      },
      onError: (error) => {
        const answer = asProblem(error);
        setErrors(fieldErrors(answer, t));
        setProblem(answer);
      },
    });
  };
  return (
    <form onSubmit={submit} noValidate className="deelwijs-form" aria-label={heading}>
      <h3 className="utrecht-heading-3">{heading}</h3>
      <ProblemAlert problem={problem && !problem.invalidParams?.length ? problem : undefined} />
      {!entry && (
        <TextField label={t('catalogues.slug')} description={t('catalogues.slugHelp')} value={slug} error={errors.slug} onChange={setSlug} />
      )}
      <TextField label={t('catalogues.labelNl')} value={nl} error={errors['label.nl']} onChange={setNl} />
      <TextField label={t('catalogues.labelEn')} value={en} error={errors['label.en']} onChange={setEn} />
      <CheckboxField label={t('catalogues.active')} checked={active} onChange={setActive} />
      <div>
        <Button type="submit" appearance="primary-action-button" busy={save.isPending} disabled={save.isPending}>
          {entry ? t('catalogues.save') : t('catalogues.add')}
        </Button>{' '}
        {entry && (
          <Button appearance="subtle-button" onClick={() => onDone()}>
            {t('catalogues.cancel')}
          </Button>
        )}
      </div>
    </form>
  );
}
