import { Button, Heading2, Paragraph } from '@utrecht/component-library-react';
import { Link } from 'wouter';
import { activityTitle, type Activity } from '../../api/activities';
import { addDays, formatDate, formatMonth, formatTime, weekdayNames } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { monthDays, placeOnDays, weekDays } from './calendar';

/**
 * A month or week of activities. There is no NL Design System component for an agenda, so this
 * one is a list of days (each a heading with its activities as links) laid out as a grid on
 * wide screens and as a plain list on a phone; the status is written out, not coloured.
 */
export function ActivityCalendar({
  mode,
  date,
  today,
  activities,
  loading,
  onDate,
}: {
  mode: 'month' | 'week';
  date: string;
  today: string;
  activities: Activity[];
  loading: boolean;
  onDate: (date: string) => void;
}) {
  const { t, language } = useI18n();
  const range = mode === 'month' ? monthDays(date) : weekDays(date);
  const month = date.slice(0, 7);
  const days = placeOnDays(range.days, activities, (day) => mode === 'week' || day.startsWith(month));
  const [year, monthNumber] = month.split('-').map(Number);
  const heading =
    mode === 'month'
      ? formatMonth(year, monthNumber, language)
      : t('calendar.weekOf', { date: formatDate(`${range.first}T12:00:00Z`, language) });
  const previous =
    mode === 'month'
      ? new Date(Date.UTC(year, monthNumber - 2, 1)).toISOString().slice(0, 10)
      : addDays(range.first, -7);
  const next =
    mode === 'month'
      ? new Date(Date.UTC(year, monthNumber, 1)).toISOString().slice(0, 10)
      : addDays(range.first, 7);
  const shown = days.filter((day) => day.inPeriod);
  return (
    <section aria-labelledby="calendar-heading">
      <div className="deelwijs-row">
        <Button appearance="secondary-action-button" onClick={() => onDate(previous)}>
          {t(mode === 'month' ? 'calendar.previousMonth' : 'calendar.previousWeek')}
        </Button>
        <Heading2 id="calendar-heading" aria-live="polite">
          {heading}
        </Heading2>
        <Button appearance="secondary-action-button" onClick={() => onDate(next)}>
          {t(mode === 'month' ? 'calendar.nextMonth' : 'calendar.nextWeek')}
        </Button>
        <Button appearance="subtle-button" onClick={() => onDate(today)}>
          {t('calendar.today')}
        </Button>
      </div>
      {loading && <Paragraph role="status">{t('app.loading')}</Paragraph>}
      <div className="deelwijs-calendar" aria-hidden="true">
        {weekdayNames(language).map((name) => (
          <div key={name} className="deelwijs-calendar__weekday">
            {name}
          </div>
        ))}
      </div>
      <ol className="deelwijs-calendar" aria-label={heading}>
        {days.map((day) => (
          <li
            key={day.date}
            className={[
              'deelwijs-calendar__day',
              day.inPeriod ? '' : 'deelwijs-calendar__day--outside',
              day.activities.length === 0 ? 'deelwijs-calendar__day--empty' : '',
            ].join(' ')}
            aria-current={day.date === today ? 'date' : undefined}
          >
            <strong>{formatDate(`${day.date}T12:00:00Z`, language)}</strong>
            {day.activities.length > 0 && (
              <ul>
                {day.activities.map((activity) => (
                  <li key={activity.id}>
                    <Link href={`/organisers/activities/${activity.id}`} className="utrecht-link">
                      {formatTime(activity.startsAt, language)} {activityTitle(activity, language)}
                    </Link>{' '}
                    <span>({t(`status.${activity.status}`)})</span>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
      {!loading && shown.every((day) => day.activities.length === 0) && (
        <Paragraph>{t('activities.noneInPeriod')}</Paragraph>
      )}
    </section>
  );
}
