export { Correlation } from './correlation';
export { JsonLogger, defaultLogFormat, type JsonLoggerOptions, type LogFormat } from './json-logger';
export { prettyLine } from './pretty-lines';
export { startTracing, flushTracing, currentTraceparent, startSpan, inSpan, runInSpan, SpanKind, SpanStatusCode } from './tracing';
