import { Random } from './random';

/** What finally happens to an activity, decided up front so the ground truth is known. */
export type Fate =
  /** Held, then closed with actual cost (and often lessons). */
  | 'closed'
  /** Held, close-out still pending: counts as held, costs nothing yet. */
  | 'held'
  /** Took place in the past but nobody recorded it: counts nowhere but the committed budget. */
  | 'unrecorded'
  /** Still to come. */
  | 'planned'
  | 'cancelled';

export interface ActivityPlan {
  key: number;
  prestatieCode: string;
  actionNumber: number;
  type: string;
  locationCategory: 'regular' | 'school' | 'other-location';
  title: string;
  municipality: string;
  venue: string;
  capacityUnit: 'people' | 'groups';
  capacity: number | null;
  plannedCostCents: number;
  /** The date it was first planned for. */
  plannedStart: Date;
  /** The date it finally has: differs from plannedStart when the organiser moved it. */
  finalStart: Date;
  durationMinutes: number;
  fate: Fate;
  /** Created as a draft and published in a second step, as organisers often do. */
  draftFirst: boolean;
  /** ProDemos co-organises (and registers in bulk); else the activity is open to all partners. */
  prodemos: boolean;
  /** The school that hosts it, for activities at a school. */
  school?: number;
  actualCostCents?: number;
  /** Closed with the checked-in headcount rather than a number the organiser types in. */
  participantsFromCheckIns: boolean;
  typedParticipants?: number;
  lessons: boolean;
}

export type Registrant = { kind: 'prodemos' } | { kind: 'school'; school: number } | { kind: 'organiser' };

export interface RegistrationPlan {
  key: number;
  activityKey: number;
  registrant: Registrant;
  channel: 'bulk' | 'single';
  kind: 'individual' | 'group';
  headcount: number;
  contactName: string;
  contactEmail: string;
  schoolName?: string;
  className?: string;
  /** The partner's own reference (partners only): unique per partner. */
  externalReference?: string;
  /** Sent again with the same reference: the service must answer "duplicate" and store nothing. */
  duplicateOf?: number;
  /** Broken on purpose: the service must reject it and store nothing. */
  invalid?: 'headcount' | 'school';
  /** Sent twice with one Idempotency-Key, as a client does whose first answer got lost. */
  retried: boolean;
  /** The partner cancels it later (if it was placed). */
  cancelLater: boolean;
  /** Checked in at the activity (when the activity closes with checked-in figures). */
  checkIn: boolean;
}

export interface AdvicePlan {
  key: number;
  title: string;
  adviser: string;
  solicited: boolean;
  prestatieCodes: string[];
  /** The numbered actions it was given under (7.2.3's action 4: the youth council's advices). */
  actions?: Array<{ prestatieCode: string; actionNumber: number }>;
  issuedAt: Date;
  answered: boolean;
}

export interface YearPlan {
  seed: number;
  scale: number;
  year: number;
  schools: string[];
  activities: ActivityPlan[];
  registrations: RegistrationPlan[];
  advices: AdvicePlan[];
}

interface Category {
  count: number;
  prestatieCode: string;
  actionNumber: number;
  type: string;
  locationCategory: ActivityPlan['locationCategory'];
  title: string;
  unit: 'people' | 'groups';
  capacity: [number, number] | null;
  costEur: [number, number];
  prodemos: boolean;
}

/**
 * A year of the programme at scale 1: the 7.2.3 action 1 figures stay under the targets of the
 * budget page (50 games at regular locations and schools, 30 elsewhere, 40 guest lessons), and
 * some activities fall outside every indicator on purpose (action 3 meetings, trainings).
 */
const CATEGORIES: Category[] = [
  {
    count: 26,
    prestatieCode: '7.2.3',
    actionNumber: 1,
    type: 'democracy-game',
    locationCategory: 'regular',
    title: 'Democratiespel',
    unit: 'people',
    capacity: [20, 40],
    costEur: [1800, 3200],
    prodemos: true,
  },
  {
    count: 18,
    prestatieCode: '7.2.3',
    actionNumber: 1,
    type: 'democracy-game',
    locationCategory: 'school',
    title: 'Democratiespel op school',
    unit: 'groups',
    capacity: [1, 3],
    costEur: [1200, 2200],
    prodemos: true,
  },
  {
    count: 24,
    prestatieCode: '7.2.3',
    actionNumber: 1,
    type: 'democracy-game',
    locationCategory: 'other-location',
    title: 'Democratiespel op locatie',
    unit: 'people',
    capacity: [15, 35],
    costEur: [1500, 2800],
    prodemos: true,
  },
  {
    count: 34,
    prestatieCode: '7.2.3',
    actionNumber: 1,
    type: 'guest-lesson',
    locationCategory: 'school',
    title: 'Gastles provinciale politiek',
    unit: 'groups',
    capacity: [1, 2],
    costEur: [350, 700],
    prodemos: true,
  },
  {
    count: 5,
    prestatieCode: '7.2.3',
    actionNumber: 1,
    type: 'debate',
    locationCategory: 'regular',
    title: 'Provinciaal Jeugddebat',
    unit: 'people',
    capacity: [60, 150],
    costEur: [2500, 6000],
    prodemos: true,
  },
  {
    count: 4,
    prestatieCode: '7.2.3',
    actionNumber: 3,
    type: 'meeting',
    locationCategory: 'other-location',
    title: 'Dialoogavond Overijssel doet mee!',
    unit: 'people',
    capacity: [15, 40],
    costEur: [800, 2000],
    prodemos: false,
  },
  {
    count: 6,
    prestatieCode: '7.2.3',
    actionNumber: 6,
    type: 'workshop',
    locationCategory: 'regular',
    title: 'Workshop actualiteit openbaar bestuur',
    unit: 'people',
    capacity: [15, 30],
    costEur: [900, 2000],
    prodemos: false,
  },
  {
    count: 2,
    prestatieCode: '7.2.3',
    actionNumber: 6,
    type: 'exhibition',
    locationCategory: 'regular',
    title: 'Fototentoonstelling democratie (Hedon)',
    unit: 'people',
    capacity: null,
    costEur: [6000, 12000],
    prodemos: false,
  },
  {
    count: 5,
    prestatieCode: '7.2.3',
    actionNumber: 6,
    type: 'lecture',
    locationCategory: 'regular',
    title: 'Lezing regionale samenwerking',
    unit: 'people',
    capacity: [40, 120],
    costEur: [700, 1800],
    prodemos: false,
  },
  {
    count: 5,
    prestatieCode: '9.1.6',
    actionNumber: 1,
    type: 'workshop',
    locationCategory: 'regular',
    title: 'Kennisatelier sociale kwaliteit',
    unit: 'people',
    capacity: [15, 30],
    costEur: [600, 1500],
    prodemos: false,
  },
  {
    count: 4,
    prestatieCode: '9.1.6',
    actionNumber: 3,
    type: 'meeting',
    locationCategory: 'other-location',
    title: 'Leerbijeenkomst cross-overs',
    unit: 'people',
    capacity: [20, 50],
    costEur: [500, 1200],
    prodemos: false,
  },
  {
    count: 3,
    prestatieCode: '9.1.6',
    actionNumber: 1,
    type: 'lecture',
    locationCategory: 'regular',
    title: 'Lezing beleidsmonitor',
    unit: 'people',
    capacity: [40, 100],
    costEur: [500, 1200],
    prodemos: false,
  },
  {
    count: 2,
    prestatieCode: '9.1.6',
    actionNumber: 2,
    type: 'training',
    locationCategory: 'regular',
    title: 'Training beleidsmonitor',
    unit: 'people',
    capacity: [10, 20],
    costEur: [400, 900],
    prodemos: false,
  },
];

const MUNICIPALITIES = [
  'Zwolle',
  'Deventer',
  'Enschede',
  'Hengelo',
  'Almelo',
  'Kampen',
  'Oldenzaal',
  'Hardenberg',
  'Raalte',
  'Steenwijkerland',
  'Rijssen-Holten',
  'Dalfsen',
];
const SCHOOLS = [
  'Thomas a Kempis College',
  'Carmel College Salland',
  'Het Hooghuis',
  'Stedelijk Lyceum',
  'Pius X College',
  'Greijdanus',
  'Vechtdal College',
  'Etty Hillesum Lyceum',
  'Bonhoeffer College',
  'Twickel College',
  'Canisius',
  'Agnieten College',
];
const FIRST = [
  'Anne',
  'Bram',
  'Carla',
  'Daan',
  'Eva',
  'Fleur',
  'Gijs',
  'Hanna',
  'Ilse',
  'Joris',
  'Kim',
  'Lars',
  'Mila',
  'Noah',
  'Sanne',
  'Tim',
];
const LAST = [
  'de Vries',
  'Jansen',
  'Bakker',
  'Visser',
  'Smit',
  'Meijer',
  'de Boer',
  'Mulder',
  'Bos',
  'Vos',
  'Dijkstra',
  'Kok',
];

const DAY_MS = 86_400_000;

export interface PlanOptions {
  seed: number;
  /** 1 is a plausible year (about 140 activities, 1,200 registrations); 0.2 is about 30 activities. */
  scale: number;
  /** The moment the simulation runs: activities before it are in the past, the others planned. */
  now: Date;
  year?: number;
}

/** Plans a whole year from a seed: the same seed, scale and day give the same plan. */
export function planYear({ seed, scale, now, year = 2026 }: PlanOptions): YearPlan {
  const random = new Random(seed);
  const schools = SCHOOLS.slice(0, Math.max(3, Math.min(SCHOOLS.length, Math.round(8 * scale))));
  const activities = planActivities(random.fork('activities'), scale, now, year, schools.length);
  const registrations = planRegistrations(random.fork('registrations'), activities, schools);
  const advices = planAdvices(random.fork('advices'), scale, now, year);
  return { seed, scale, year, schools, activities, registrations, advices };
}

function planActivities(
  random: Random,
  scale: number,
  now: Date,
  year: number,
  schools: number,
): ActivityPlan[] {
  const yearStart = Date.UTC(year, 0, 5);
  const yearEnd = Date.UTC(year, 11, 18);
  const activities: ActivityPlan[] = [];
  for (const category of CATEGORIES) {
    // Every category at least once, so that a small run still exercises every indicator filter.
    const count = Math.max(1, Math.round(category.count * scale));
    for (let index = 0; index < count; index++) {
      const day = new Date(yearStart + random.int(0, Math.floor((yearEnd - yearStart) / DAY_MS)) * DAY_MS);
      const plannedStart = atLocalHour(day, random.pick([9, 10, 13, 14, 19]), random.pick([0, 30]));
      const municipality = random.pick(MUNICIPALITIES);
      const capacity = category.capacity ? random.int(...category.capacity) : null;
      const plannedCostCents = random.int(category.costEur[0], category.costEur[1]) * 100;
      const school = category.locationCategory === 'school' ? random.int(0, schools - 1) : undefined;
      activities.push({
        key: activities.length,
        prestatieCode: category.prestatieCode,
        actionNumber: category.actionNumber,
        type: category.type,
        locationCategory: category.locationCategory,
        title: `${category.title} ${municipality}`,
        municipality,
        venue:
          category.locationCategory === 'school'
            ? SCHOOLS[school!]
            : random.pick(['Provinciehuis', 'Bibliotheek', 'Wijkcentrum', 'Stadhuis', 'Buurthuis']),
        capacityUnit: category.unit,
        capacity,
        plannedCostCents,
        plannedStart,
        finalStart: plannedStart,
        durationMinutes: category.unit === 'groups' ? 90 : random.pick([90, 120, 180]),
        fate: 'planned',
        draftFirst: random.chance(0.2),
        prodemos: category.prodemos,
        school,
        participantsFromCheckIns: false,
        lessons: false,
      });
    }
  }
  const pastUntil = now.getTime() - 2 * DAY_MS;
  const futureFrom = now.getTime() + 3 * DAY_MS;
  for (const activity of activities) {
    // Nothing in the two days around today: "past" must be past for /held, "future" must take registrations.
    if (activity.plannedStart.getTime() > pastUntil && activity.plannedStart.getTime() < futureFrom) {
      activity.plannedStart = new Date(activity.plannedStart.getTime() - 5 * DAY_MS);
    }
    activity.finalStart = activity.plannedStart;
    const past = activity.plannedStart.getTime() <= pastUntil;
    if (random.chance(0.15)) {
      // Moved by the organiser, staying on its side of today (a December date may end up in the next year).
      const shift = random.int(2, 30) * DAY_MS * (past ? -1 : 1);
      const moved = activity.plannedStart.getTime() + shift;
      activity.finalStart = new Date(past ? Math.max(moved, Date.UTC(year, 0, 2, 9)) : moved);
    }
    const roll = random.next();
    if (past) {
      activity.fate = roll < 0.09 ? 'cancelled' : roll < 0.15 ? 'unrecorded' : roll < 0.2 ? 'held' : 'closed';
    } else {
      activity.fate = roll < 0.12 ? 'cancelled' : 'planned';
    }
    if (activity.fate === 'closed') {
      activity.actualCostCents = Math.round((activity.plannedCostCents * random.int(85, 115)) / 100);
      activity.participantsFromCheckIns = random.chance(0.4);
      activity.typedParticipants = random.int(
        8,
        activity.capacity
          ? Math.max(10, activity.capacity * (activity.capacityUnit === 'groups' ? 28 : 1))
          : 400,
      );
      activity.lessons = random.chance(0.7);
    }
  }
  return activities;
}

function planRegistrations(
  random: Random,
  activities: ActivityPlan[],
  schools: string[],
): RegistrationPlan[] {
  const registrations: RegistrationPlan[] = [];
  const prodemosReferences: number[] = [];
  const schoolReferences = new Map<number, number[]>();
  const person = () => {
    const name = `${random.pick(FIRST)} ${random.pick(LAST)}`;
    return {
      contactName: name,
      contactEmail: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@deelnemer.example`,
    };
  };
  for (const activity of activities) {
    const add = (
      registration: Omit<RegistrationPlan, 'key' | 'activityKey' | 'retried' | 'cancelLater' | 'checkIn'>,
    ) => {
      const planned: RegistrationPlan = {
        key: registrations.length,
        activityKey: activity.key,
        retried: random.chance(0.08),
        cancelLater: random.chance(0.06),
        checkIn: random.chance(0.85),
        ...registration,
      };
      registrations.push(planned);
      return planned;
    };
    if (activity.capacityUnit === 'groups') {
      // School classes; one or two more than fit, so the waiting list gets used.
      const classes = activity.capacity! + random.int(0, 2);
      for (let index = 0; index < classes; index++) {
        const school = activity.school ?? random.int(0, schools.length - 1);
        const viaProdemos = activity.prodemos && random.chance(0.5);
        const teacher = person();
        add({
          registrant: viaProdemos ? { kind: 'prodemos' } : { kind: 'school', school },
          channel: viaProdemos ? 'bulk' : 'single',
          kind: 'group',
          headcount: random.int(18, 31),
          ...teacher,
          contactEmail: teacher.contactEmail.replace('@deelnemer.example', '@school.example'),
          schoolName: schools[school],
          className: `${random.pick(['havo', 'vwo', 'vmbo'])} ${random.int(2, 5)}${random.pick(['a', 'b', 'c'])}`,
        });
      }
      continue;
    }
    // People: groups and individuals until about the capacity (sometimes past it).
    const wanted = Math.round((activity.capacity ?? random.int(15, 60)) * (random.int(55, 115) / 100));
    let headcount = 0;
    while (headcount < wanted) {
      const viaProdemos = activity.prodemos && random.chance(0.6);
      const group = viaProdemos ? random.chance(0.5) : random.chance(0.15);
      const size = group ? random.int(3, 12) : 1;
      headcount += size;
      const bySchool = !viaProdemos && random.chance(0.25);
      add({
        registrant: viaProdemos
          ? { kind: 'prodemos' }
          : bySchool
            ? { kind: 'school', school: random.int(0, schools.length - 1) }
            : { kind: 'organiser' },
        channel: viaProdemos ? 'bulk' : 'single',
        kind: group ? 'group' : 'individual',
        headcount: size,
        ...person(),
        schoolName: group
          ? random.pick(['Vereniging Dorpsbelang', 'Jongerenwerk Zwolle', 'Gemeenteraad Kampen', ...schools])
          : undefined,
      });
    }
  }
  // Partner references, then the partner's mistakes: a reference sent twice, a broken item.
  for (const registration of registrations) {
    const { registrant } = registration;
    if (registrant.kind === 'organiser') {
      continue;
    }
    registration.externalReference = `${registrant.kind === 'prodemos' ? 'PD' : `S${registrant.school}`}-${registration.key}`;
    if (registrant.kind === 'prodemos') {
      prodemosReferences.push(registration.key);
    } else {
      schoolReferences.set(registrant.school, [
        ...(schoolReferences.get(registrant.school) ?? []),
        registration.key,
      ]);
    }
  }
  const originals = [...registrations];
  for (const original of originals) {
    if (original.externalReference && random.chance(0.04)) {
      registrations.push({
        ...original,
        key: registrations.length,
        duplicateOf: original.key,
        retried: false,
        cancelLater: false,
        checkIn: false,
      });
    }
    if (original.registrant.kind === 'prodemos' && random.chance(0.01)) {
      registrations.push({
        ...original,
        key: registrations.length,
        externalReference: `PD-${registrations.length}`,
        invalid: original.kind === 'group' ? 'school' : 'headcount',
        retried: false,
        cancelLater: false,
        checkIn: false,
      });
    }
  }
  return registrations;
}

function planAdvices(random: Random, scale: number, now: Date, year: number): AdvicePlan[] {
  const lastDay = Math.min(now.getTime() - 2 * DAY_MS, Date.UTC(year, 11, 20));
  const date = () =>
    new Date(
      Date.UTC(year, 0, 15) +
        random.int(0, Math.max(0, Math.floor((lastDay - Date.UTC(year, 0, 15)) / DAY_MS))) * DAY_MS +
        10 * 3_600_000,
    );
  const topics = [
    'openbaar vervoer voor jongeren',
    'woningbouw en starters',
    'klimaatadaptatie',
    'jongerenparticipatie',
    'mentale gezondheid',
    'stage en werk in de regio',
  ];
  const advices: AdvicePlan[] = [];
  const add = (advice: Omit<AdvicePlan, 'key'>) => advices.push({ key: advices.length, ...advice });
  const count = Math.max(2, Math.round(4 * scale));
  for (let index = 0; index < count; index++) {
    add({
      title: `Advies over ${random.pick(topics)}`,
      // The indicator compares the adviser case-insensitively.
      adviser: index % 2 === 0 ? 'jongerenraad' : 'Jongerenraad',
      solicited: random.chance(0.5),
      prestatieCodes: ['7.2.3'],
      actions: [{ prestatieCode: '7.2.3', actionNumber: 4 }],
      issuedAt: date(),
      answered: random.chance(0.6),
    });
  }
  // Advices that must not count toward "at least two youth-council advices" of 7.2.3.
  add({
    title: 'Advies over ouderenbeleid',
    adviser: 'ouderenadviesraad',
    solicited: true,
    prestatieCodes: ['7.2.3'],
    issuedAt: date(),
    answered: false,
  });
  add({
    title: 'Advies over de kennisagenda',
    adviser: 'jongerenraad',
    solicited: false,
    prestatieCodes: ['9.1.6'],
    issuedAt: date(),
    answered: false,
  });
  add({
    title: 'Advies over de begroting',
    adviser: 'jongerenraad',
    solicited: true,
    prestatieCodes: ['7.2.3'],
    issuedAt: new Date(Date.UTC(year - 1, 11, 10, 10)),
    answered: true,
  });
  return advices;
}

/** A wall-clock hour in Europe/Amsterdam (CET/CEST, switching on the last Sundays of March and October). */
function atLocalHour(day: Date, hour: number, minute: number): Date {
  const offset = amsterdamOffsetHours(day);
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hour - offset, minute));
}

export function amsterdamOffsetHours(moment: Date): number {
  const year = moment.getUTCFullYear();
  const lastSunday = (month: number) => {
    const last = new Date(Date.UTC(year, month + 1, 0));
    return Date.UTC(year, month, last.getUTCDate() - last.getUTCDay(), 1);
  };
  return moment.getTime() >= lastSunday(2) && moment.getTime() < lastSunday(9) ? 2 : 1;
}

/** An ISO 8601 date-time with the Amsterdam offset, as the activities API wants it. */
export function amsterdamIso(moment: Date): string {
  const offset = amsterdamOffsetHours(moment);
  const local = new Date(moment.getTime() + offset * 3_600_000).toISOString().slice(0, 19);
  return `${local}+0${offset}:00`;
}
