import 'reflect-metadata';
import type { ArgumentMetadata } from '@nestjs/common';
import { IsOptional } from 'class-validator';
import { InvalidInputException } from '../problem-details.filter';
import { EmailAddress, FreeText, NestedObject, SafeInt } from './input.decorators';
import { InputPipe } from './input.pipe';

class TitleDto {
  @FreeText(20, { minLength: 1 }) nl: string;
}

class EventDto {
  @NestedObject(() => TitleDto) title: TitleDto;
  @IsOptional() @FreeText(100) reason?: string;
  @IsOptional() @SafeInt(0, 1000) capacity?: number;
  @IsOptional() @EmailAddress() organiserEmail?: string;
}

const body: ArgumentMetadata = { type: 'body', metatype: EventDto, data: undefined };

async function refusal(value: unknown, metadata: ArgumentMetadata = body): Promise<Array<{ name: string; reason: string }>> {
  const error = await new InputPipe().transform(value, metadata).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InvalidInputException);
  return (error as InvalidInputException).invalidParams;
}

const names = async (value: unknown, metadata?: ArgumentMetadata) => (await refusal(value, metadata)).map((param) => param.name);

describe('InputPipe', () => {
  it('refuses a body that is not an object, naming the body', async () => {
    for (const value of [null, [], 42, 'text', true]) {
      expect(await names(value)).toEqual(['body']);
    }
  });

  it('refuses null in a field: an optional rule would let it through to the service', async () => {
    expect(await names({ title: { nl: 'x' }, reason: null })).toEqual(['reason']);
  });

  it('refuses NUL anywhere, unsafe numbers and bounds, and names every wrong field in one answer', async () => {
    expect((await names({ title: { nl: 'a\u0000' }, capacity: 1e308, organiserEmail: 'a\u202E@example.org' })).sort()).toEqual([
      'capacity',
      'organiserEmail',
      'title.nl',
    ]);
    expect(await names({ title: { nl: 'x' }, capacity: Number('9007199254740993') })).toEqual(['capacity']);
    expect(await names({ title: { nl: 'x' }, capacity: 1001 })).toEqual(['capacity']);
  });

  it('refuses an array or a missing value where a nested object belongs', async () => {
    expect(await names({ title: [] })).toEqual(['title']);
    expect(await names({})).toEqual(['title']);
  });

  it('names an overlong or NUL-carrying path or query parameter', async () => {
    expect(await names('a'.repeat(201), { type: 'param', data: 'id', metatype: String })).toEqual(['id']);
    expect(await names('a\u0000', { type: 'param', data: 'id', metatype: String })).toEqual(['id']);
    expect(await names({ q: 'a\u0000' }, { type: 'query', data: undefined, metatype: Object })).toEqual(['q']);
  });

  it('keeps any Unicode in free text, exactly as sent', async () => {
    const title = 'Zoë \u202Eشعر 日本 👩‍👩‍👧';
    const value = (await new InputPipe().transform({ title: { nl: title.slice(0, 20) } }, body)) as EventDto;
    expect(value.title.nl).toBe(title.slice(0, 20));
  });
});
