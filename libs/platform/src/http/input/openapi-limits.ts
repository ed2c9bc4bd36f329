import { getMetadataStorage } from 'class-validator';
import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';

type Schema = Record<string, any>;

/** What each validation rule says in JSON Schema terms. */
const RULES: Record<string, (schema: Schema, constraints: any[]) => void> = {
  maxLength: (schema, [max]) => (schema.maxLength ??= max),
  minLength: (schema, [min]) => (schema.minLength ??= min),
  isLength: (schema, [min, max]) => {
    schema.minLength ??= min;
    if (max !== undefined) {
      schema.maxLength ??= max;
    }
  },
  freeText: (schema, [max]) => (schema.maxLength ??= max),
  identifierText: (schema, [max]) => (schema.maxLength ??= max),
  safeInt: (schema, [min, max]) => {
    schema.type = 'integer';
    schema.minimum ??= min;
    schema.maximum ??= max;
  },
  min: (schema, [min]) => (schema.minimum ??= min),
  max: (schema, [max]) => (schema.maximum ??= max),
  isInt: (schema) => (schema.type = 'integer'),
  arrayMaxSize: (schema, [max]) => (schema.maxItems ??= max),
  arrayMinSize: (schema, [min]) => (schema.minItems ??= min),
  calendarDate: (schema) => (schema.format ??= 'date'),
  offsetDateTime: (schema) => (schema.format ??= 'date-time'),
  amsterdamDateTime: (schema) => {
    schema.format ??= 'date-time';
    schema['x-amsterdam-offset'] = true;
  },
  isEmail: (schema) => (schema.format ??= 'email'),
  isUuid: (schema) => (schema.format ??= 'uuid'),
  matches: (schema, [pattern]) => (schema.pattern ??= pattern instanceof RegExp ? pattern.source : String(pattern)),
};

/**
 * Writes the limits that the DTOs' validation rules state (lengths, bounds, sizes, formats) into
 * the OpenAPI document's schemas, so that what a client reads is what the service enforces,
 * without repeating each bound in an @ApiProperty. A limit the @ApiProperty already gives is kept.
 */
export function addValidationLimits(document: OpenAPIObject, parameterTypes: Function[] = []): OpenAPIObject {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const storage = getMetadataStorage();
  const targets = new Map<string, Function>();
  // The classes rules are declared on, and the handlers' own DTO classes: a PartialType's rules
  // are kept on its generated parent, under another name.
  for (const target of [
    ...(storage as unknown as { validationMetadatas: Map<Function | string, unknown> }).validationMetadatas.keys(),
    ...parameterTypes,
  ]) {
    if (typeof target === 'function') {
      targets.set(target.name, target);
    }
  }
  for (const [name, schema] of Object.entries(schemas)) {
    const target = targets.get(name);
    if (!target || !schema.properties) {
      continue;
    }
    for (const metadata of storage.getTargetValidationMetadatas(target, '', true, false)) {
      const property = schema.properties[metadata.propertyName] as Schema | undefined;
      const apply = metadata.name ? RULES[metadata.name] : undefined;
      if (!property || !apply || property.$ref || property.allOf) {
        continue;
      }
      const subject = metadata.each && property.type === 'array' ? (property.items ??= {}) : property;
      if (!subject.$ref) {
        apply(subject, metadata.constraints ?? []);
      }
    }
  }
  return document;
}

/** The parameter types of every controller method of an app: the DTO classes its handlers take. */
export function handlerParameterTypes(app: INestApplication): Function[] {
  const types = new Set<Function>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const controller of module.controllers.values()) {
      const prototype = (controller.metatype as Function | undefined)?.prototype as object | undefined;
      if (!prototype) {
        continue;
      }
      for (const method of Object.getOwnPropertyNames(prototype)) {
        const parameters = (Reflect.getMetadata('design:paramtypes', prototype, method) ?? []) as unknown[];
        parameters.filter((type): type is Function => typeof type === 'function').forEach((type) => types.add(type));
      }
    }
  }
  return [...types];
}
