export { Correlation } from './correlation';
export { JsonLogger, defaultLogFormat, type JsonLoggerOptions, type LogFormat } from './json-logger';
export { prettyLine } from './pretty-lines';
