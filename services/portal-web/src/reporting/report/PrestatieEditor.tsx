import { Button, Heading3, Paragraph } from '@utrecht/component-library-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { asProblem, fieldErrors } from '../../api/problem';
import { TextareaField } from '../../components/fields';
import { Notice, ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n/i18n';
import { previewHtml, useSaveTexts, type PrestatieDraft } from './api';
import { explanationFieldId } from './missing-explanations';
import { localText, type PrestatieReport } from './report-model';

/** How long typing must pause before the preview asks for the page again. */
const PREVIEW_DELAY_MS = 350;

/**
 * The explanation of one prestatie and the realisation text under each action, beside the page
 * as the province prints it with what is being typed. The page comes from the reporting
 * service's own renderer (POST .../previews, nothing stored), so preview and download agree.
 */
export function PrestatieEditor({
  code,
  period,
  prestatie,
  missing,
  onSaved,
}: {
  code: string;
  period: string;
  prestatie: PrestatieReport;
  missing?: string;
  onSaved: () => void;
}) {
  const { t, language } = useI18n();
  const [nl, setNl] = useState(prestatie.explanation?.nl ?? '');
  const [en, setEn] = useState(prestatie.explanation?.en ?? '');
  const [texts, setTexts] = useState<Record<number, string>>(() =>
    Object.fromEntries(
      prestatie.actions.map((action) => [action.number, action.realisation?.text?.nl ?? '']),
    ),
  );
  const save = useSaveTexts(code, period);
  const [saved, setSaved] = useState(false);

  const draft: PrestatieDraft = useMemo(
    () => ({
      explanation: en.trim() ? { nl, en } : { nl },
      realisations: prestatie.actions.map((action) => ({
        action: action.number,
        nl: texts[action.number] ?? '',
      })),
    }),
    [nl, en, texts, prestatie.actions],
  );
  const preview = usePreview(code, period, prestatie.code, draft, language);

  const storedRealisation = (number: number) =>
    prestatie.actions.find((action) => action.number === number)?.realisation?.text?.nl ?? '';
  const dirty =
    nl !== (prestatie.explanation?.nl ?? '') ||
    en !== (prestatie.explanation?.en ?? '') ||
    prestatie.actions.some((action) => (texts[action.number] ?? '') !== storedRealisation(action.number));

  const errors = save.error ? fieldErrors(asProblem(save.error), t, { nl: 'nl', en: 'en' }) : {};
  const fieldId = explanationFieldId(prestatie.code);

  const onSave = () => {
    setSaved(false);
    save.mutate(
      {
        prestatie: prestatie.code,
        explanation: nl.trim()
          ? en.trim()
            ? { nl: nl.trim(), en: en.trim() }
            : { nl: nl.trim() }
          : undefined,
        realisations: prestatie.actions
          .filter(
            (action) =>
              (texts[action.number] ?? '').trim() &&
              texts[action.number] !== storedRealisation(action.number),
          )
          .map((action) => ({ action: action.number, text: { nl: texts[action.number].trim() } })),
      },
      {
        onSuccess: () => {
          setSaved(true);
          onSaved();
        },
      },
    );
  };

  return (
    <div className="deelwijs-report-editor">
      <form
        className="deelwijs-stack"
        onSubmit={(event) => {
          event.preventDefault();
          onSave();
        }}
      >
        <TextareaField
          id={fieldId}
          label={t('report.explanation', { code: prestatie.code })}
          description={t('report.explanationHint')}
          required={prestatie.explanationRequired}
          error={missing ?? errors.nl}
          value={nl}
          onChange={(value) => {
            setSaved(false);
            setNl(value);
          }}
          rows={5}
        />
        <TextareaField
          label={t('report.explanationEn')}
          error={errors.en}
          value={en}
          onChange={(value) => {
            setSaved(false);
            setEn(value);
          }}
          rows={3}
        />
        {prestatie.actions.length > 0 && (
          <fieldset className="deelwijs-fieldset">
            <legend>
              <Heading3>{t('report.actions')}</Heading3>
            </legend>
            {prestatie.actions.map((action) => (
              <div key={action.number}>
                <Paragraph>
                  {action.number}. {localText(action.text, language)}
                </Paragraph>
                <TextareaField
                  label={t('report.realisation', { number: action.number })}
                  value={texts[action.number] ?? ''}
                  onChange={(value) => {
                    setSaved(false);
                    setTexts((current) => ({ ...current, [action.number]: value }));
                  }}
                  rows={3}
                />
              </div>
            ))}
          </fieldset>
        )}
        <ProblemAlert problem={save.error ? asProblem(save.error) : undefined} />
        {saved && !dirty && <Notice>{t('report.saved', { code: prestatie.code })}</Notice>}
        <div className="deelwijs-row">
          <Button
            type="submit"
            appearance="primary-action-button"
            disabled={save.isPending}
            aria-busy={save.isPending}
          >
            {t('report.save')}
          </Button>
          {dirty && <span>{t('report.unsaved')}</span>}
        </div>
      </form>
      <section className="deelwijs-report-preview" aria-label={t('report.preview')}>
        <Heading3>{t('report.preview')}</Heading3>
        <p className="deelwijs-visually-hidden" role="status">
          {preview.pending ? t('report.previewUpdating') : preview.html ? t('report.previewUpdated') : ''}
        </p>
        <ProblemAlert problem={preview.problem} />
        {preview.html !== undefined && (
          // A sandbox without scripts: the page is the service's print HTML, shown as it prints.
          <iframe
            className="deelwijs-report-preview__page"
            title={t('report.previewFrame', { code: prestatie.code })}
            sandbox=""
            srcDoc={preview.html}
            aria-busy={preview.pending}
          />
        )}
      </section>
    </div>
  );
}

/** The page with the draft texts, asked for again once typing pauses; the last page stays until the next arrives. */
function usePreview(
  code: string,
  period: string,
  prestatie: string,
  draft: PrestatieDraft,
  language: 'nl' | 'en',
) {
  const key = JSON.stringify(draft);
  const [settled, setSettled] = useState(key);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(key), PREVIEW_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [key]);
  const page = useQuery({
    queryKey: ['reporting', 'preview', code, period, prestatie, language, settled],
    queryFn: ({ signal }) =>
      previewHtml(code, period, prestatie, JSON.parse(settled) as PrestatieDraft, language, signal),
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    retry: false,
  });
  return {
    html: page.data,
    pending: settled !== key || page.isFetching,
    problem: page.error ? asProblem(page.error) : undefined,
  };
}
