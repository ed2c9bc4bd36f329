import 'reflect-metadata';
import type { ArgumentMetadata, ValidationError } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsString, Matches, Min, MinLength, ValidateNested, validateSync } from 'class-validator';
import { InvalidInputException } from './problem-details.filter';
import { createValidationPipe, flattenErrors } from './validation';

function validationError(
  property: string,
  constraints?: Record<string, string>,
  children: ValidationError[] = [],
): ValidationError {
  return { property, constraints, children };
}

class LocationDto {
  @Matches(/^[0-9]{4}[A-Z]{2}$/, { message: 'postcode must look like 1234AB' })
  postcode: string;
}

class SessionDto {
  @IsInt()
  @Min(1)
  seats: number;
}

class ActivityDto {
  @IsString()
  @MinLength(1)
  title: string;

  @ValidateNested()
  @Type(() => LocationDto)
  location: LocationDto;

  @ValidateNested({ each: true })
  @Type(() => SessionDto)
  sessions: SessionDto[];
}

describe('flattenErrors', () => {
  it('returns nothing for no errors', () => {
    expect(flattenErrors([])).toEqual([]);
  });

  it('gives one entry per broken constraint of a top-level field', () => {
    const params = flattenErrors([
      validationError('title', { isString: 'title must be a string', minLength: 'title is too short' }),
    ]);

    expect(params).toEqual([
      { name: 'title', reason: 'title must be a string' },
      { name: 'title', reason: 'title is too short' },
    ]);
  });

  it('names nested fields with dotted paths, at any depth', () => {
    const errors = [
      validationError('location', undefined, [
        validationError('postcode', { matches: 'postcode must look like 1234AB' }),
        validationError('geo', undefined, [validationError('lat', { isNumber: 'lat must be a number' })]),
      ]),
    ];

    expect(flattenErrors(errors)).toEqual([
      { name: 'location.postcode', reason: 'postcode must look like 1234AB' },
      { name: 'location.geo.lat', reason: 'lat must be a number' },
    ]);
  });

  it('keeps the own constraints of a parent as well as those of its children', () => {
    const errors = [
      validationError('location', { isObject: 'location must be an object' }, [
        validationError('postcode', { isString: 'no' }),
      ]),
    ];

    expect(flattenErrors(errors).map((param) => param.name)).toEqual(['location', 'location.postcode']);
  });

  it('names elements of nested arrays by their index, as class-validator reports them', () => {
    const dto = Object.assign(new ActivityDto(), {
      title: '',
      location: Object.assign(new LocationDto(), { postcode: '1234AB' }),
      sessions: [
        Object.assign(new SessionDto(), { seats: 3 }),
        Object.assign(new SessionDto(), { seats: 0 }),
      ],
    });

    const params = flattenErrors(validateSync(dto));

    expect(params.map((param) => param.name).sort()).toEqual(['sessions.1.seats', 'title']);
  });
});

describe('createValidationPipe', () => {
  const metadata: ArgumentMetadata = { type: 'body', metatype: ActivityDto, data: '' };

  it('turns a bad body into an InvalidInputException naming each field by its path', async () => {
    const pipe = createValidationPipe();

    const rejection = pipe.transform(
      { title: 'Democratiespel', location: { postcode: 'nope' }, sessions: [{ seats: 2 }] },
      metadata,
    );

    await expect(rejection).rejects.toBeInstanceOf(InvalidInputException);
    const error = (await rejection.catch((caught: unknown) => caught)) as InvalidInputException;
    expect(error.invalidParams).toEqual([
      { name: 'location.postcode', reason: 'postcode must look like 1234AB' },
    ]);
  });

  it('refuses fields the DTO does not declare', async () => {
    const pipe = createValidationPipe();

    const error = (await pipe
      .transform({ title: 'x', location: { postcode: '1234AB' }, sessions: [], isAdmin: true }, metadata)
      .catch((caught: unknown) => caught)) as InvalidInputException;

    expect(error).toBeInstanceOf(InvalidInputException);
    expect(error.invalidParams.map((param) => param.name)).toEqual(['isAdmin']);
  });

  it('passes a valid body through as an instance of the DTO', async () => {
    const pipe = createValidationPipe();

    const value = await pipe.transform(
      { title: 'x', location: { postcode: '1234AB' }, sessions: [{ seats: 1 }] },
      metadata,
    );

    expect(value).toBeInstanceOf(ActivityDto);
    expect(value.location).toBeInstanceOf(LocationDto);
  });
});
