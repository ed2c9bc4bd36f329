// Jest's module system cannot load ES modules (Node 20 without --experimental-vm-modules), and
// jose, openid-client and oauth4webapi ship only as ES modules. Jest therefore transpiles those
// packages (and only those: see transformIgnorePatterns in jest.config.js) to CommonJS with the
// TypeScript compiler the repository already has. At run time Node 20.19+ loads them natively.
const { createHash } = require('node:crypto');
const ts = require('typescript');

const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  allowJs: true,
  esModuleInterop: true,
  sourceMap: false,
};

module.exports = {
  process(sourceText, sourcePath) {
    return { code: ts.transpileModule(sourceText, { fileName: sourcePath, compilerOptions }).outputText };
  },
  getCacheKey(sourceText, sourcePath) {
    return createHash('sha256').update(ts.version).update('\0').update(sourcePath).update('\0').update(sourceText).digest('hex');
  },
};
