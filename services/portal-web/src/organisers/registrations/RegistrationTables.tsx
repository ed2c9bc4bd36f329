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
import type { Registration } from '../../api/activities';
import { formatShortDate, formatTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { ResponsiveTable } from '../../components/ResponsiveTable';

/** Registrations split the way an organiser reads them: individuals, groups (classes), and the waiting list in order. */
export function RegistrationTables({ registrations }: { registrations: Registration[] }) {
  const { t } = useI18n();
  const active = registrations.filter((registration) => registration.status === 'accepted');
  const individuals = active.filter((registration) => registration.kind === 'individual');
  const groups = active.filter((registration) => registration.kind === 'group');
  const waiting = registrations
    .filter((registration) => registration.status === 'waitlisted')
    .sort((a, b) => (a.waitlistPosition ?? 0) - (b.waitlistPosition ?? 0));
  const cancelled = registrations.filter((registration) => registration.status === 'cancelled').length;
  return (
    <>
      <section aria-labelledby="groups-heading">
        <Heading2 id="groups-heading">{t('registrations.groups', { n: groups.length })}</Heading2>
        {groups.length === 0 ? (
          <Paragraph>{t('registrations.noGroups')}</Paragraph>
        ) : (
          <RegistrationTable rows={groups} kind="group" />
        )}
      </section>
      <section aria-labelledby="individuals-heading">
        <Heading2 id="individuals-heading">
          {t('registrations.individuals', { n: individuals.length })}
        </Heading2>
        {individuals.length === 0 ? (
          <Paragraph>{t('registrations.noIndividuals')}</Paragraph>
        ) : (
          <RegistrationTable rows={individuals} kind="individual" />
        )}
      </section>
      <section aria-labelledby="waiting-heading">
        <Heading2 id="waiting-heading">{t('registrations.waitingList', { n: waiting.length })}</Heading2>
        {waiting.length === 0 ? (
          <Paragraph>{t('registrations.noWaiting')}</Paragraph>
        ) : (
          <RegistrationTable rows={waiting} kind="waiting" />
        )}
      </section>
      {cancelled > 0 && <Paragraph>{t('registrations.cancelledCount', { n: cancelled })}</Paragraph>}
    </>
  );
}

/** Each table is named by its section's heading. */
const HEADING_IDS = {
  group: 'groups-heading',
  individual: 'individuals-heading',
  waiting: 'waiting-heading',
};

function RegistrationTable({
  rows,
  kind,
}: {
  rows: Registration[];
  kind: 'group' | 'individual' | 'waiting';
}) {
  const { t, language } = useI18n();
  return (
    <ResponsiveTable labelledBy={HEADING_IDS[kind]}>
      <Table>
        <TableHeader>
          <TableRow>
            {kind === 'waiting' && (
              <TableHeaderCell scope="col">{t('registrations.position')}</TableHeaderCell>
            )}
            <TableHeaderCell scope="col">{t('registrations.contact')}</TableHeaderCell>
            {kind !== 'individual' && (
              <TableHeaderCell scope="col">{t('registrations.school')}</TableHeaderCell>
            )}
            <TableHeaderCell scope="col">{t('registrations.headcount')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('registrations.reference')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('registrations.checkedIn')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((registration) => (
            <TableRow key={registration.id}>
              {kind === 'waiting' && <TableCell>{registration.waitlistPosition ?? '–'}</TableCell>}
              <TableCell>{registration.contactName ?? t('registrations.erased')}</TableCell>
              {kind !== 'individual' && (
                <TableCell>
                  {[registration.schoolName, registration.className].filter(Boolean).join(', ') || '–'}
                </TableCell>
              )}
              <TableCell>{registration.headcount}</TableCell>
              <TableCell>{registration.externalReference ?? '–'}</TableCell>
              <TableCell>
                {registration.checkedInAt
                  ? `${formatShortDate(registration.checkedInAt, language)} ${formatTime(registration.checkedInAt, language)}`
                  : t('registrations.notYet')}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </ResponsiveTable>
  );
}
