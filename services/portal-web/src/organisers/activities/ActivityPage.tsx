import {
  Button,
  ButtonGroup,
  DataList,
  DataListItem,
  DataListKey,
  DataListValue,
  Fieldset,
  FieldsetLegend,
  Heading2,
  Paragraph,
} from '@utrecht/component-library-react';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'wouter';
import {
  activityActions,
  activityTitle,
  availableActions,
  catalogueLabel,
  useActivity,
  useActivityChange,
  useActivityTypes,
  useRegistrations,
  type Activity,
} from '../../api/activities';
import { asProblem, fieldErrors, type Problem } from '../../api/problem';
import { ActivityStatusBadge } from '../../components/ActivityStatusBadge';
import { TextField } from '../../components/fields';
import { PageTitle } from '../../components/PageTitle';
import { Notice, ProblemAlert } from '../../components/ProblemAlert';
import { amsterdamIso, amsterdamParts, formatEuros, formatPeriod } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { hasRole, useSession } from '../../session/session';
import { RegistrationTables } from '../registrations/RegistrationTables';

export default function ActivityPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useI18n();
  const activity = useActivity(id);
  if (!activity.data) {
    return activity.error ? (
      <ProblemAlert problem={asProblem(activity.error)} />
    ) : (
      <Paragraph role="status">{t('app.loading')}</Paragraph>
    );
  }
  return <ActivityDetail activity={activity.data} />;
}

function ActivityDetail({ activity }: { activity: Activity }) {
  const { t, language } = useI18n();
  const [, navigate] = useLocation();
  const types = useActivityTypes();
  // Reporting staff arrive here from a report's figure: they read the facts, not the registrations.
  const manages = hasRole(useSession(), 'organiser', 'admin');
  const registrations = useRegistrations(activity.id, manages);
  const [panel, setPanel] = useState<'move' | 'cancel' | undefined>();
  const [problem, setProblem] = useState<Problem>();
  const [notice, setNotice] = useState<string>();
  const change = useActivityChange((run: () => Promise<Activity>) => run());
  const actions = manages ? availableActions(activity.status) : [];
  const act = (run: () => Promise<Activity>, done: string) => {
    setProblem(undefined);
    setNotice(undefined);
    change.mutate(run, {
      onSuccess: () => {
        setPanel(undefined);
        setNotice(done);
      },
      onError: (error) => setProblem(asProblem(error)),
    });
  };
  return (
    <div className="deelwijs-stack">
      <PageTitle>{activityTitle(activity, language)}</PageTitle>
      <div className="deelwijs-row">
        <ActivityStatusBadge status={activity.status} />
        <span>{formatPeriod(activity.startsAt, activity.endsAt, language)}</span>
      </div>
      {notice && <Notice>{notice}</Notice>}
      <ProblemAlert problem={problem && !problem.invalidParams?.length ? problem : undefined} />
      {actions.length > 0 && (
        <ButtonGroup role="group" aria-label={t('activity.actions')}>
          {actions.includes('edit') && (
            <Button
              appearance="secondary-action-button"
              onClick={() => navigate(`/organisers/activities/${activity.id}/edit`)}
            >
              {t('activity.edit')}
            </Button>
          )}
          {actions.includes('publish') && (
            <Button
              appearance="primary-action-button"
              onClick={() => act(() => activityActions.publish(activity.id), t('activity.published'))}
            >
              {t('activity.publish')}
            </Button>
          )}
          {actions.includes('checkIn') && (
            <Button
              appearance="primary-action-button"
              onClick={() => navigate(`/organisers/activities/${activity.id}/check-in`)}
            >
              {t('activity.checkIn')}
            </Button>
          )}
          {actions.includes('move') && (
            <Button
              appearance="secondary-action-button"
              aria-expanded={panel === 'move'}
              onClick={() => setPanel(panel === 'move' ? undefined : 'move')}
            >
              {t('activity.move')}
            </Button>
          )}
          {actions.includes('held') && (
            <Button
              appearance="secondary-action-button"
              onClick={() => act(() => activityActions.held(activity.id), t('activity.markedHeld'))}
            >
              {t('activity.markHeld')}
            </Button>
          )}
          {actions.includes('close') && (
            <Button
              appearance="primary-action-button"
              onClick={() => navigate(`/organisers/activities/${activity.id}/close-out`)}
            >
              {t('activity.closeOut')}
            </Button>
          )}
          {actions.includes('cancel') && (
            <Button
              appearance="secondary-action-button"
              hint="danger"
              aria-expanded={panel === 'cancel'}
              onClick={() => setPanel(panel === 'cancel' ? undefined : 'cancel')}
            >
              {t('activity.cancel')}
            </Button>
          )}
        </ButtonGroup>
      )}
      {panel === 'move' && (
        <MoveForm
          activity={activity}
          busy={change.isPending}
          problem={problem}
          onMove={(startsAt, endsAt, reason) =>
            act(() => activityActions.reschedule(activity.id, startsAt, endsAt, reason), t('activity.moved'))
          }
        />
      )}
      {panel === 'cancel' && (
        <CancelForm
          busy={change.isPending}
          onCancel={(reason) =>
            act(() => activityActions.cancel(activity.id, reason), t('activity.cancelled'))
          }
        />
      )}
      <DataList>
        <Fact label={t('activity.type')} value={catalogueLabel(types.data, activity.type, language)} />
        <Fact
          label={t('activity.prestatie')}
          value={
            activity.actionNumber
              ? `${activity.prestatieCode} · ${t('activity.actionShort', { n: activity.actionNumber })}`
              : activity.prestatieCode
          }
        />
        <Fact
          label={t('activity.where')}
          value={
            [activity.venue.name, activity.venue.address, activity.venue.municipality]
              .filter(Boolean)
              .join(', ') || '–'
          }
        />
        <Fact
          label={t('activity.places')}
          value={
            activity.capacity === null || activity.capacity === undefined
              ? t('activity.placesTakenOnly', { taken: activity.placesTaken })
              : t('activity.placesTakenUnit', {
                  taken: activity.placesTaken,
                  capacity: activity.capacity,
                  unit: t(`activity.unit.${activity.capacityUnit}`),
                })
          }
        />
        <Fact
          label={t('activity.plannedCost')}
          value={typeof activity.plannedCostCents === 'number' ? formatEuros(activity.plannedCostCents) : '–'}
        />
        {typeof activity.actualCostCents === 'number' && (
          <Fact label={t('closeOut.actualCost')} value={formatEuros(activity.actualCostCents)} />
        )}
        {typeof activity.participants === 'number' && (
          <Fact label={t('closeOut.participants')} value={String(activity.participants)} />
        )}
        {activity.cancelReason && <Fact label={t('activity.cancelReason')} value={activity.cancelReason} />}
      </DataList>
      {activity.description.nl && (
        <Paragraph>
          {language === 'en' && activity.description.en ? activity.description.en : activity.description.nl}
        </Paragraph>
      )}
      {manages && (
        <section aria-labelledby="registrations-heading" className="deelwijs-stack">
          <Heading2 id="registrations-heading">{t('registrations.title')}</Heading2>
          {actions.includes('checkIn') && (
            <Paragraph>
              <Link href={`/organisers/activities/${activity.id}/check-in`} className="utrecht-link">
                {t('activity.checkIn')}
              </Link>
            </Paragraph>
          )}
          {registrations.error && <ProblemAlert problem={asProblem(registrations.error)} />}
          {registrations.data && <RegistrationTables registrations={registrations.data.items} />}
        </section>
      )}
    </div>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <DataListItem>
      <DataListKey>{label}</DataListKey>
      <DataListValue>{value}</DataListValue>
    </DataListItem>
  );
}

function MoveForm({
  activity,
  busy,
  problem,
  onMove,
}: {
  activity: Activity;
  busy: boolean;
  problem?: Problem;
  onMove: (startsAt: string, endsAt: string, reason: string) => void;
}) {
  const { t } = useI18n();
  const start = amsterdamParts(activity.startsAt);
  const end = amsterdamParts(activity.endsAt);
  const [date, setDate] = useState(start.date);
  const [startTime, setStartTime] = useState(start.time);
  const [endTime, setEndTime] = useState(end.time);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const serverErrors = problem ? fieldErrors(problem, t) : {};
  return (
    <form
      className="deelwijs-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!date || !startTime || !endTime || endTime <= startTime) {
          setError(t('reason.endsAfterStart'));
          return;
        }
        setError(undefined);
        onMove(amsterdamIso(date, startTime), amsterdamIso(date, endTime), reason.trim());
      }}
    >
      <Fieldset>
        <FieldsetLegend>{t('activity.moveLegend')}</FieldsetLegend>
        <TextField
          label={t('activity.date')}
          type="date"
          value={date}
          onChange={setDate}
          error={serverErrors.startsAt}
        />
        <TextField label={t('activity.startTime')} type="time" value={startTime} onChange={setStartTime} />
        <TextField
          label={t('activity.endTime')}
          type="time"
          value={endTime}
          onChange={setEndTime}
          error={error ?? serverErrors.endsAt}
        />
        <TextField
          label={t('activity.moveReason')}
          description={t('activity.moveReasonHint')}
          value={reason}
          onChange={setReason}
          error={serverErrors.reason}
        />
        <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
          {t('activity.moveConfirm')}
        </Button>
      </Fieldset>
    </form>
  );
}

function CancelForm({ busy, onCancel }: { busy: boolean; onCancel: (reason: string) => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  return (
    <form
      className="deelwijs-form"
      onSubmit={(event) => {
        event.preventDefault();
        onCancel(reason.trim());
      }}
    >
      <Fieldset>
        <FieldsetLegend>{t('activity.cancelLegend')}</FieldsetLegend>
        <Paragraph>{t('activity.cancelWarning')}</Paragraph>
        <TextField label={t('activity.cancelReason')} value={reason} onChange={setReason} />
        <Button type="submit" appearance="primary-action-button" hint="danger" busy={busy} disabled={busy}>
          {t('activity.cancelConfirm')}
        </Button>
      </Fieldset>
    </form>
  );
}
