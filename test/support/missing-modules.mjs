/**
 * `node --import ./test/support/missing-modules.mjs …` with MISSING_MODULES=telegram-test-api,simulator/
 * makes those modules unresolvable, as after `npm ci --omit=dev` in the production image: a package
 * name fails as "Cannot find package", a folder (relative to the working directory, ending in "/")
 * as "Cannot find module". The hooks run in Node's loader thread (module.register).
 */
import { register } from 'node:module';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { isMainThread } from 'node:worker_threads';

if (isMainThread)
  register(import.meta.url, {
    data: { missing: (process.env.MISSING_MODULES ?? '').split(',').filter(Boolean), cwd: process.cwd() },
  });

let packages = [];
let folders = [];

export function initialize({ missing, cwd }) {
  packages = missing.filter((m) => !m.endsWith('/'));
  folders = missing.filter((m) => m.endsWith('/')).map((m) => pathToFileURL(`${cwd}/${m}`).href);
}

export async function resolve(specifier, context, next) {
  const parent = context.parentURL ? fileURLToPath(context.parentURL) : '(entry)';
  const pkg = packages.find((p) => specifier === p || specifier.startsWith(`${p}/`));
  if (pkg) throw notFound(`Cannot find package '${pkg}' imported from ${parent}`);
  if (context.parentURL && /^\.{1,2}\//.test(specifier)) {
    const url = new URL(specifier, context.parentURL).href;
    if (folders.some((f) => url.startsWith(f)))
      throw notFound(`Cannot find module '${fileURLToPath(url)}' imported from ${parent}`);
  }
  return next(specifier, context);
}

function notFound(message) {
  const e = new Error(message);
  e.code = 'ERR_MODULE_NOT_FOUND';
  return e;
}
