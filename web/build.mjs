// Minifies the banner with esbuild and gzips each file (level 9), for
// embedding in the tact binary. Run by CMake: node web/build.mjs OUT_DIR
import { transform } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = join(dirname(fileURLToPath(import.meta.url)), 'src');
const out = process.argv[2];
if (!out) {
  console.error('usage: node web/build.mjs OUT_DIR');
  process.exit(2);
}
mkdirSync(out, { recursive: true });

const files = {
  'tact.js': { loader: 'js' },
  'stub.js': { loader: 'js' },
  'tact.css': { loader: 'css' },
  'me.css': { loader: 'css' },
  'demo.html': null,  // copied as is
};
for (const [name, opts] of Object.entries(files)) {
  let code = readFileSync(join(src, name), 'utf8');
  if (opts) {
    const r = await transform(code, { ...opts, minify: true, target: opts.loader === 'js' ? 'es2017' : 'chrome80', legalComments: 'none' });
    code = r.code.trimEnd();
  }
  writeFileSync(join(out, name), code);
  writeFileSync(join(out, name + '.gz'), gzipSync(code, { level: 9 }));
}
