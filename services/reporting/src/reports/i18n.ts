import { DateTime } from 'luxon';
import type { Judgement, Reason } from '../deviations/deviation';
import type { LocalText, Measure, TargetKind } from '../programmes/programme.schema';
import type { ActionReport, IndicatorReport, PolicyMonitorReport, PrestatieReport, ProgrammeReport, WorkflowStatus } from './report.model';

export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A text in the language asked for; Dutch when there is no English version. */
export function t(text: LocalText | undefined, language: Language): string {
  if (!text) {
    return '';
  }
  return language === 'en' ? (text.en ?? text.nl) : text.nl;
}

const LOCALE: Record<Language, string> = { nl: 'nl-NL', en: 'en-GB' };

export function formatNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(LOCALE[language], { maximumFractionDigits: 2 }).format(value);
}

/**
 * "€ 310.000" as the budget pages print it, from an amount in euro cents: the one place where
 * cents become euros. Cents are shown only when there are any.
 */
export function formatCents(amountCents: number, language: Language): string {
  const hasCents = amountCents % 100 !== 0;
  return `€ ${new Intl.NumberFormat(LOCALE[language], { minimumFractionDigits: hasCents ? 2 : 0, maximumFractionDigits: 2 }).format(amountCents / 100)}`;
}

export const WORDS = {
  nl: {
    prestatie: 'Prestatie',
    programme: 'Programma',
    period: 'Periode',
    asOf: 'stand per',
    status: 'Oordeel',
    workflow: 'Status rapportage',
    budgetLine: 'Prestatie lasten',
    reserve: 'Reserve',
    reserveLine: 'Reserve Uitvoering',
    relatedInProposal: 'Deze prestatie heeft een relatie met de andere prestaties uit het investeringsvoorstel',
    context: 'Context',
    actions: 'Acties',
    realisation: 'Realisatie',
    indicator: 'Indicator',
    target: 'Doel',
    actual: 'Realisatie',
    finances: 'Financiën',
    budget: 'Begroot',
    spent: 'Besteed',
    committed: 'Verplicht (gepland)',
    explanationHeading: 'Toelichting op voortgang',
    noDeviation: 'Geen afwijking.',
    nothingJudged: 'Niet beoordeeld: deze prestatie heeft geen indicatoren en geen eigen begroting.',
    explanationMissing: 'Afwijking; de toelichting ontbreekt nog.',
    basicInformation: 'Basisinformatie',
    portfolioHolder: 'Verantwoordelijke portefeuillehouder',
    role: 'Rol provincie',
    duration: 'Looptijd prestatie',
    reserveRelation: 'Relatie met reserve',
    decision: 'Besluit',
    relatedPrestaties: 'Gerelateerde prestaties',
    projectWebsite: 'Project website',
    yes: 'Ja',
    no: 'Nee',
    summary: 'Samenvatting',
    indicators: 'Indicatoren',
    generated: 'Gegenereerd',
    submittedBy: 'ingediend door',
    approvedBy: 'goedgekeurd door',
    policyMonitor: 'Beleidsmonitor',
  },
  en: {
    prestatie: 'Prestatie',
    programme: 'Programme',
    period: 'Period',
    asOf: 'as of',
    status: 'Assessment',
    workflow: 'Report status',
    budgetLine: 'Prestatie costs',
    reserve: 'Reserve',
    reserveLine: 'Implementation reserve',
    relatedInProposal: 'This prestatie relates to the other prestaties of the investment proposal',
    context: 'Context',
    actions: 'Actions',
    realisation: 'Realisation',
    indicator: 'Indicator',
    target: 'Target',
    actual: 'Actual',
    finances: 'Finances',
    budget: 'Budget',
    spent: 'Spent',
    committed: 'Committed (planned)',
    explanationHeading: 'Progress explanation',
    noDeviation: 'No deviation.',
    nothingJudged: 'Not judged: this prestatie has no indicators and no budget of its own.',
    explanationMissing: 'Deviation; the explanation is still missing.',
    basicInformation: 'Basic information',
    portfolioHolder: 'Responsible portfolio holder',
    role: 'Role of the province',
    duration: 'Duration',
    reserveRelation: 'Related to a reserve',
    decision: 'Decision',
    relatedPrestaties: 'Related prestaties',
    projectWebsite: 'Project website',
    yes: 'Yes',
    no: 'No',
    summary: 'Summary',
    indicators: 'Indicators',
    generated: 'Generated',
    submittedBy: 'submitted by',
    approvedBy: 'approved by',
    policyMonitor: 'Policy monitor',
  },
} satisfies Record<Language, Record<string, string>>;

export function words(language: Language) {
  return WORDS[language];
}

const JUDGEMENTS: Record<Language, Record<Judgement, string>> = {
  nl: { 'not-judged': 'niet beoordeeld', 'on-track': 'op koers', 'at-risk': 'risico', deviation: 'afwijking' },
  en: { 'not-judged': 'not judged', 'on-track': 'on track', 'at-risk': 'at risk', deviation: 'deviation' },
};

export function judgement(status: Judgement, language: Language): string {
  return JUDGEMENTS[language][status];
}

const WORKFLOW: Record<Language, Record<WorkflowStatus, string>> = {
  nl: { draft: 'concept', submitted: 'ingediend', approved: 'goedgekeurd' },
  en: { draft: 'draft', submitted: 'submitted', approved: 'approved' },
};

export function workflowWord(status: WorkflowStatus, language: Language): string {
  return WORKFLOW[language][status];
}

const REASONS: Record<Language, Record<Reason, string>> = {
  nl: {
    'cap-exceeded': 'maximum overschreden',
    'cap-pace': 'bij dit tempo wordt het maximum overschreden',
    'floor-missed': 'minimum niet gehaald',
    'floor-out-of-reach': 'minimum niet meer haalbaar in de resterende tijd',
    'floor-pace': 'tempo te laag voor het minimum',
    'budget-overrun': 'besteed en verplicht boven de begroting',
    'budget-pace': 'uitgaven lopen voor op de tijd',
    'budget-nearly-used': 'begroting bijna volledig besteed of verplicht',
  },
  en: {
    'cap-exceeded': 'maximum exceeded',
    'cap-pace': 'at this pace the maximum will be exceeded',
    'floor-missed': 'minimum not reached',
    'floor-out-of-reach': 'minimum out of reach in the time left',
    'floor-pace': 'pace too low for the minimum',
    'budget-overrun': 'spent and committed exceed the budget',
    'budget-pace': 'spending ahead of time',
    'budget-nearly-used': 'budget nearly spent or committed',
  },
};

export function reasonText(reason: Reason, language: Language): string {
  return REASONS[language][reason];
}

const VERBS: Record<Language, Record<Measure, string>> = {
  nl: {
    'activities-held': 'gehouden',
    participants: 'bereikt',
    registrations: 'aangemeld',
    'advices-issued': 'uitgebracht',
    'knowledge-items-published': 'gepubliceerd',
    cost: 'besteed',
  },
  en: {
    'activities-held': 'held',
    participants: 'reached',
    registrations: 'registered',
    'advices-issued': 'issued',
    'knowledge-items-published': 'published',
    cost: 'spent',
  },
};

const KIND_WORDS: Record<Language, Record<Exclude<TargetKind, 'between'>, string>> = {
  nl: { 'at-most': 'maximaal ', 'at-least': 'minimaal ', exactly: '' },
  en: { 'at-most': 'at most ', 'at-least': 'at least ', exactly: '' },
};

/** The target in words: "maximaal 50", "30 tot 50", "€ 310.000". */
export function targetText(indicator: Pick<IndicatorReport, 'target' | 'measure'>, language: Language): string {
  const amount = (value: number) => (indicator.measure === 'cost' ? formatCents(value, language) : formatNumber(value, language));
  const { target } = indicator;
  if (target.kind === 'between') {
    return `${amount(target.value)} ${language === 'nl' ? 'tot' : 'to'} ${amount(target.max ?? target.value)}`;
  }
  return `${KIND_WORDS[language][target.kind]}${amount(target.value)}`;
}

/**
 * Realisation in words and numbers, as the province writes it: "41 van maximaal 50
 * democratiespelen gehouden"; for cost "€ 120.000 van maximaal € 310.000 besteed".
 */
export function realisation(indicator: IndicatorReport, language: Language): string {
  const of = language === 'nl' ? 'van' : 'of';
  const verb = VERBS[language][indicator.measure];
  if (indicator.measure === 'cost') {
    return `${formatCents(indicator.actual, language)} ${of} ${targetText(indicator, language)} ${verb}`;
  }
  return `${formatNumber(indicator.actual, language)} ${of} ${targetText(indicator, language)} ${t(indicator.label, language)} ${verb}`;
}

/** The text under "Toelichting op voortgang". */
export function explanationText(prestatie: PrestatieReport, language: Language): string {
  if (prestatie.explanation) {
    return t(prestatie.explanation, language);
  }
  // Without indicators or a budget nothing was judged: "no deviation" would say it was.
  if (prestatie.status === 'not-judged') {
    return words(language).nothingJudged;
  }
  return prestatie.status === 'deviation' ? words(language).explanationMissing : words(language).noDeviation;
}

/** Activity types as counted, in both languages: [one, many]. Types not listed are shown by their slug. */
const TYPE_WORDS: Record<Language, Record<string, [string, string]>> = {
  nl: {
    workshop: ['workshop', 'workshops'],
    exhibition: ['tentoonstelling', 'tentoonstellingen'],
    lecture: ['lezing', 'lezingen'],
    'democracy-game': ['democratiespel', 'democratiespelen'],
    'guest-lesson': ['gastles', 'gastlessen'],
    debate: ['debat', 'debatten'],
    training: ['training', 'trainingen'],
    meeting: ['bijeenkomst', 'bijeenkomsten'],
  },
  en: {
    workshop: ['workshop', 'workshops'],
    exhibition: ['exhibition', 'exhibitions'],
    lecture: ['lecture', 'lectures'],
    'democracy-game': ['democracy game', 'democracy games'],
    'guest-lesson': ['guest lesson', 'guest lessons'],
    debate: ['debate', 'debates'],
    training: ['training', 'trainings'],
    meeting: ['meeting', 'meetings'],
  },
};

const COUNT_WORDS = {
  nl: {
    participants: ['deelnemer', 'deelnemers'],
    groups: ['groep', 'groepen'],
    pupils: ['leerling', 'leerlingen'],
    classes: ['klas', 'klassen'],
    advices: ['advies', 'adviezen'],
    knowledgeProducts: ['kennisproduct', 'kennisproducten'],
    nothing: 'nog niets gerealiseerd',
  },
  en: {
    participants: ['participant', 'participants'],
    groups: ['group', 'groups'],
    pupils: ['pupil', 'pupils'],
    classes: ['class', 'classes'],
    advices: ['advice', 'advices'],
    knowledgeProducts: ['knowledge product', 'knowledge products'],
    nothing: 'nothing realised yet',
  },
} satisfies Record<Language, Record<string, [string, string] | string>>;

function counted(value: number, [one, many]: readonly [string, string] | string[], language: Language): string {
  return `${formatNumber(value, language)} ${value === 1 ? one : many}`;
}

/**
 * What was done under an action, in words: "3 gastlessen (3 klassen, 75 leerlingen), 2
 * democratiespelen (50 deelnemers); 1 advies". A guest lesson is given to a school class: its
 * groups are the classes reached and its participants pupils.
 */
export function actionRealisation(realisation: NonNullable<ActionReport['realisation']>, language: Language): string {
  const c = COUNT_WORDS[language];
  const activities = realisation.activities.map((row) => {
    const lesson = row.type === 'guest-lesson';
    const reached = [
      row.groups > 0 || lesson ? counted(row.groups, lesson ? c.classes : c.groups, language) : '',
      counted(row.participants, lesson ? c.pupils : c.participants, language),
    ].filter(Boolean);
    return `${counted(row.held, TYPE_WORDS[language][row.type] ?? [row.type, row.type], language)} (${reached.join(', ')})`;
  });
  const parts = [
    activities.join(', '),
    realisation.advices > 0 ? counted(realisation.advices, c.advices, language) : '',
    realisation.knowledgeProducts > 0 ? counted(realisation.knowledgeProducts, c.knowledgeProducts, language) : '',
  ].filter(Boolean);
  const figures = parts.length > 0 ? parts.join('; ') : c.nothing;
  const text = realisation.text ? ` ${t(realisation.text, language)}` : '';
  return `${words(language).realisation}: ${figures}.${text}`;
}

/** "Periode 2026", or an interim report's own name: "Najaarsrapportage". */
export function periodName(report: Pick<ProgrammeReport, 'period'>, language: Language): string {
  return report.period.label ? t(report.period.label, language) : `${words(language).period} ${report.period.id}`;
}

export function formatDate(isoDate: string, language: Language): string {
  return DateTime.fromISO(isoDate).setLocale(LOCALE[language]).toFormat('d MMMM yyyy');
}

const MONITOR_WORDS = {
  nl: {
    network: 'Netwerk',
    partners: ['partner', 'partners'],
    projects: ['project', 'projecten'],
    newLinks: ['nieuwe verbinding', 'nieuwe verbindingen'],
    ofLinks: 'van',
    communities: ['gemeenschap', 'gemeenschappen'],
    links: ['verbinding', 'verbindingen'],
    mostConnected: 'Meest verbonden partners',
    evaluations: 'Leereffecten (evaluaties)',
    responses: ['reactie', 'reacties'],
    averages: 'gemiddelden',
    networkFigures: 'Netwerkcijfers',
    notYetComputed: 'nog niet berekend',
    computed: 'berekend',
  },
  en: {
    network: 'Network',
    partners: ['partner', 'partners'],
    projects: ['project', 'projects'],
    newLinks: ['new link', 'new links'],
    ofLinks: 'of',
    communities: ['community', 'communities'],
    links: ['link', 'links'],
    mostConnected: 'Most connected partners',
    evaluations: 'Learning effects (evaluations)',
    responses: ['response', 'responses'],
    averages: 'averages',
    networkFigures: 'Network figures',
    notYetComputed: 'not yet computed',
    computed: 'computed',
  },
} satisfies Record<Language, Record<string, [string, string] | string>>;

/**
 * The policy monitor's figures in words, one line each: the network of the period, its most
 * connected partners (organisations by id: reporting holds no names, and never a person), and
 * the evaluations' learning effects; a plain "not yet computed" where there are no figures.
 */
export function policyMonitorLines(monitor: PolicyMonitorReport, language: Language): string[] {
  const m = MONITOR_WORDS[language];
  const lines: string[] = [];
  const computed = (at: string) => `(${m.computed} ${formatDate(at.slice(0, 10), language)})`;
  const network = monitor.network;
  if (network) {
    lines.push(
      `${m.network} ${monitor.period}: ${counted(network.partners, m.partners, language)}, ${counted(network.projects, m.projects, language)}, ${counted(network.newLinks, m.newLinks, language)} ${m.ofLinks} ${counted(network.links, m.links, language)}, ${counted(network.communities, m.communities, language)} ${computed(network.computedAt)}.`,
    );
    if (network.mostConnected.length > 0) {
      lines.push(`${m.mostConnected}: ${network.mostConnected.map((found) => `${found.organisationName ?? found.organisationId} (${counted(found.degree, m.links, language)})`).join(', ')}.`);
    }
  } else {
    lines.push(`${m.networkFigures} ${monitor.period}: ${m.notYetComputed}.`);
  }
  const evaluation = monitor.evaluation;
  if (evaluation) {
    const averages = Object.entries(evaluation.averages)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([question, mean]) => `${question} ${formatNumber(mean, language)}`);
    lines.push(
      `${m.evaluations} ${monitor.period}: ${counted(evaluation.responses, m.responses, language)}${averages.length > 0 ? `; ${m.averages}: ${averages.join(', ')}` : ''} ${computed(evaluation.computedAt)}.`,
    );
  } else {
    lines.push(`${m.evaluations} ${monitor.period}: ${m.notYetComputed}.`);
  }
  return lines;
}
