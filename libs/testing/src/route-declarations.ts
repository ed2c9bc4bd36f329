import type { DynamicModule, Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { PUBLIC_KEY, ROLES_KEY } from '@deelwijs/identity';
import { Reflector } from '@nestjs/core';
import { carriesPersonalData, PlatformModule, type ServiceConfig, type ServiceDefinition } from '@deelwijs/platform';

export interface RouteDeclaration {
  route: string;
  roles: string[] | 'public' | undefined;
  /** Declared @PersonalData(): answered with Cache-Control: no-store. */
  personalData: boolean;
}

/**
 * Every HTTP route of a service (its own modules and the platform's), with the roles it
 * declares. Read from the decorators' metadata, so nothing has to be started.
 */
export function routeDeclarations<C extends ServiceConfig>(definition: ServiceDefinition<C>): RouteDeclaration[] {
  // The service's own config class with its defaults: feature modules may read their settings.
  const config = Object.assign(new definition.configClass(), { PORT: 1, DATABASE_URL: 'postgres://x/y', AUTH_JWT_SECRET: 'x'.repeat(32) });
  const platform = PlatformModule.forRoot({ service: definition.name, config, entities: [], migrations: [] });
  const controllers = new Set<Type>();
  const seen = new Set<unknown>();
  const visit = (entry: Type | DynamicModule | Promise<DynamicModule> | undefined) => {
    if (!entry || entry instanceof Promise || seen.has(entry)) {
      return;
    }
    seen.add(entry);
    const dynamic = 'module' in entry ? (entry as DynamicModule) : undefined;
    const type = dynamic ? dynamic.module : (entry as Type);
    const own: Type[] = [...(Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, type) ?? []), ...(dynamic?.controllers ?? [])];
    own.forEach((controller) => controllers.add(controller));
    const imports = [...(Reflect.getMetadata(MODULE_METADATA.IMPORTS, type) ?? []), ...(dynamic?.imports ?? [])];
    imports.forEach((imported) => visit(imported as Type | DynamicModule));
  };
  [platform, ...definition.modules(config)].forEach(visit);

  const reflector = new Reflector();
  const routes: RouteDeclaration[] = [];
  for (const controller of controllers) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = controller.prototype[name];
      if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) {
        continue;
      }
      const method = Reflect.getMetadata(METHOD_METADATA, handler);
      const path = String(Reflect.getMetadata(PATH_METADATA, handler));
      const isPublic = Reflect.getMetadata(PUBLIC_KEY, handler) ?? Reflect.getMetadata(PUBLIC_KEY, controller);
      const roles = Reflect.getMetadata(ROLES_KEY, handler) ?? Reflect.getMetadata(ROLES_KEY, controller);
      routes.push({
        route: `${['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'ALL', 'OPTIONS', 'HEAD'][method] ?? method} /${[base, path].filter((part) => part && part !== '/').join('/')}`,
        roles: isPublic ? 'public' : roles,
        personalData: carriesPersonalData(reflector, handler, controller),
      });
    }
  }
  return routes;
}
