import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { InvalidInputException, toProblem, type InvalidParam } from '@deelwijs/platform';
import { invalidParamsOf } from '../shared/invalid-params';
import { ActivitiesService } from './activities.service';
import {
  ActivityOutcomeDto,
  type ActivityOutcomeResult,
  type ActivityOutcomesResult,
} from './dto/activity.dto';

const MAX_ITEMS = 500;

/**
 * The outcomes of many activities at once, as an organiser enters them after the fact (the
 * paper lists of a week). Each item is its own transaction through the same lifecycle as the
 * single calls, so one refused item leaves the others recorded; the answer holds one result per
 * item, in the request's order, a refusal as problem details naming `items[i].field`.
 */
@Injectable()
export class ActivityOutcomesService {
  constructor(private readonly activities: ActivitiesService) {}

  async record(body: unknown): Promise<ActivityOutcomesResult> {
    const items = itemsOf(body);
    const results: ActivityOutcomeResult[] = [];
    for (const [index, raw] of items.entries()) {
      results.push(await this.recordOne(index, raw));
    }
    const summary = { closed: 0, cancelled: 0, unchanged: 0, rejected: 0 };
    for (const result of results) {
      summary[result.outcome] += 1;
    }
    return { summary, items: results };
  }

  private async recordOne(index: number, raw: unknown): Promise<ActivityOutcomeResult> {
    const prefix = `items[${index}]`;
    const item = plainToInstance(ActivityOutcomeDto, isObject(raw) ? raw : {});
    const errors = validateSync(item, { whitelist: true, forbidNonWhitelisted: true });
    const activityId = typeof item.activityId === 'string' ? item.activityId : undefined;
    if (!isObject(raw) || errors.length > 0) {
      const params = isObject(raw) ? invalidParamsOf(errors, prefix) : [{ name: prefix, reason: 'must be an object' }];
      return { index, activityId, outcome: 'rejected', problem: toProblem(new InvalidInputException(params)) };
    }
    try {
      const { outcome, activity } = await this.activities.recordOutcome(item);
      return { index, activityId, outcome, activity };
    } catch (error) {
      const problem = toProblem(error);
      if (problem.status >= 500) {
        throw error;
      }
      // A field the service names is this item's field.
      problem.invalidParams = problem.invalidParams?.map((param) => ({ ...param, name: `${prefix}.${param.name}` }));
      return { index, activityId, outcome: 'rejected', problem };
    }
  }
}

function itemsOf(body: unknown): unknown[] {
  const source = isObject(body) ? body : {};
  const problems: InvalidParam[] = Object.keys(source)
    .filter((key) => key !== 'items')
    .map((name) => ({ name, reason: `property ${name} should not exist` }));
  const items = source.items;
  if (!Array.isArray(items) || items.length === 0) {
    problems.push({ name: 'items', reason: 'items must be a list of 1 to 500 outcomes' });
  } else if (items.length > MAX_ITEMS) {
    problems.push({ name: 'items', reason: `items holds ${items.length} outcomes; at most ${MAX_ITEMS} at once` });
  }
  if (problems.length > 0) {
    throw new InvalidInputException(problems);
  }
  return items as unknown[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
