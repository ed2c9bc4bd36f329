export * from './programme-scope';
