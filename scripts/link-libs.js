// Makes the compiled libs resolvable as @deelwijs/<lib> from dist/, the runtime twin of the
// path aliases in tsconfig.base.json.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  const dir = path.join(root, 'dist', 'node_modules', alias);
  fs.mkdirSync(dir, { recursive: true });
  const main = path.relative(dir, path.join(root, 'dist', target.replace(/\.ts$/, '.js')));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: alias, main }, null, 2));
}
