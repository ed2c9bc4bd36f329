import { getMetadataStorage } from 'class-validator';
import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
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
export function addValidationLimits(document: OpenAPIObject, handlers: HandlerInput[] = []): OpenAPIObject {
  const parameterTypes = handlers.flatMap((handler) => handler.types);
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
    applyRules(target, (name) => schema.properties[name] as Schema | undefined);
  }
  // Query and path parameters declared by a DTO: Swagger lists them one by one, by property name.
  for (const handler of handlers) {
    const operation = (document.paths[handler.path] as Record<string, any> | undefined)?.[handler.method] as
      | { parameters?: Array<{ in: string; name: string; schema?: Schema }> }
      | undefined;
    for (const { location, type } of handler.parameterDtos) {
      const parameters = (operation?.parameters ?? []).filter((parameter) => parameter.in === location);
      applyRules(type, (name) => parameters.find((parameter) => parameter.name === name)?.schema);
    }
  }
  return document;
}

/** Writes the rules declared on a class's properties into the schemas `schemaOf` finds for them. */
function applyRules(target: Function, schemaOf: (property: string) => Schema | undefined): void {
  for (const metadata of getMetadataStorage().getTargetValidationMetadatas(target, '', true, false)) {
    const property = schemaOf(metadata.propertyName);
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

/** What a handler takes: its parameter types, and the DTOs of its query and path parameters with its route. */
export interface HandlerInput {
  /** The OpenAPI path: /v1/activities/{id}. */
  path: string;
  method: string;
  types: Function[];
  parameterDtos: Array<{ location: 'query' | 'path'; type: Function }>;
}

const QUERY = 4;
const PARAM = 5;

/** Every controller method of an app, with its route as the OpenAPI document writes it. */
export function handlerInputs(app: INestApplication): HandlerInput[] {
  const handlers: HandlerInput[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const controller of module.controllers.values()) {
      const type = controller.metatype as Function | undefined;
      if (!type?.prototype) {
        continue;
      }
      const base = String(Reflect.getMetadata(PATH_METADATA, type) ?? '');
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = (type.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') {
          continue;
        }
        const types = ((Reflect.getMetadata('design:paramtypes', type.prototype, name) ?? []) as unknown[]).filter(
          (candidate): candidate is Function => typeof candidate === 'function',
        );
        const route = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as number | undefined;
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, type, name) ?? {}) as Record<string, { index: number; data?: unknown }>;
        const parameterDtos = Object.entries(args).flatMap(([key, arg]) => {
          const kind = Number(key.split(':')[0]);
          const dto = types[arg.index];
          return (kind === QUERY || kind === PARAM) && arg.data === undefined && dto && dto !== Object
            ? [{ location: kind === QUERY ? ('query' as const) : ('path' as const), type: dto }]
            : [];
        });
        const path = `/${[base, Array.isArray(route) ? route[0] : (route ?? '')].filter(Boolean).join('/')}`
          .replace(/\/+/g, '/')
          .replace(/\/$/, '')
          .replace(/:(\w+)/g, '{$1}');
        handlers.push({ path, method: method === undefined ? '' : RequestMethod[method].toLowerCase(), types, parameterDtos });
      }
    }
  }
  return handlers;
}
