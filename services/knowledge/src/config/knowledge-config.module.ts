import { Global, Module, type DynamicModule } from '@nestjs/common';
import { KnowledgeConfig } from './knowledge.config';

/** Makes the validated config injectable by its class in every feature module. */
@Global()
@Module({})
export class KnowledgeConfigModule {
  static forRoot(config: KnowledgeConfig): DynamicModule {
    return { module: KnowledgeConfigModule, providers: [{ provide: KnowledgeConfig, useValue: config }], exports: [KnowledgeConfig] };
  }
}
