export { Correlation } from './correlation';
export { JsonLogger, type JsonLoggerOptions } from './json-logger';
