// A development signing secret, made once per checkout and kept out of git (.deelwijs/).
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

function devSecret() {
  const file = path.resolve(__dirname, '..', '.deelwijs', 'dev-jwt-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

module.exports = { devSecret };
