export * from './programme-scope';
export { ProgrammesModule } from './read-model/programmes.module';
export { ProgrammesService } from './read-model/programmes.service';
