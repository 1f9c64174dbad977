import * as fs from 'fs';
import Module from 'module';
import * as path from 'path';
import * as vm from 'vm';

/**
 * Loads SaxonJS once per process, with V8's code cache.
 *
 * SaxonJS is a single 2.4 MB script; parsing and compiling it is most of the time a cold `validate`
 * or `build` spends before doing any work (≈570 ms of require on the 2-core reference machine). V8
 * can serialise the code it compiled and reuse it in the next process (Node 22's
 * module.enableCompileCache does this for every module; Node 20 needs vm.Script's cachedData). The
 * cache is written at exit, after the run has compiled the functions it used, so the next run skips
 * compiling them too. V8 rejects a cache made by another V8 version or for other source text, and
 * then the script simply compiles as usual: the cache can make loading faster, never different.
 */

const CODE_CACHE_DIR = process.env.TEI_EDITION_CODE_CACHE_DIR
  ? path.resolve(process.env.TEI_EDITION_CODE_CACHE_DIR)
  : path.resolve(__dirname, '..', '..', 'node_modules', '.cache', 'tei-edition', 'v8');

let loaded: unknown;
let status: 'not loaded' | 'plain require' | 'compiled' | 'from code cache' | 'code cache rejected' = 'not loaded';

/** How SaxonJS was loaded in this process (reported by `--timings`; tested). */
export function saxonLoadStatus(): typeof status {
  return status;
}

/**
 * SaxonJS requires axios (with form-data, proxy agents, mime-db…) at load time, only to fetch http(s)
 * resources, which tei-edition never does. Handing it a stand-in that refuses every use saves loading
 * those modules on every cold run (≈50 ms) and closes the network path at its source too.
 */
function withoutNetwork(requireFrom: NodeRequire): NodeRequire {
  const refuse = (): never => {
    throw new Error('tei-edition never fetches resources over the network');
  };
  const noNetwork: unknown = new Proxy(refuse, { get: () => refuse, apply: refuse, construct: refuse });
  return Object.assign((id: string) => (id === 'axios' ? noNetwork : requireFrom(id)), requireFrom);
}

export function loadSaxonJS<T = unknown>(): T {
  if (loaded !== undefined) return loaded as T;
  // Under Jest, modules live in a sandboxed context of their own; the plain require keeps SaxonJS in it.
  if (process.env.JEST_WORKER_ID || process.env.TEI_EDITION_NO_CODE_CACHE) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    loaded = require('saxon-js');
    status = 'plain require';
    return loaded as T;
  }
  const file = require.resolve('saxon-js');
  const source = fs.readFileSync(file, 'utf8');
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const version = (require('saxon-js/package.json') as { version: string }).version;
  const cacheFile = path.join(CODE_CACHE_DIR, `saxon-js-${version}-${process.versions.v8}-${source.length}.bin`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // first run, or the cache was cleared
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const moduleObject = { exports: {} as unknown, id: file, filename: file, loaded: false };
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeRequire, module: unknown, filename: string, dirname: string) => void;
  wrapper.call(moduleObject.exports, moduleObject.exports, withoutNetwork(Module.createRequire(file)), moduleObject, file, path.dirname(file));
  loaded = moduleObject.exports;
  status = cachedData === undefined ? 'compiled' : script.cachedDataRejected ? 'code cache rejected' : 'from code cache';

  if (cachedData === undefined || script.cachedDataRejected) {
    process.once('exit', () => {
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      try {
        fs.mkdirSync(CODE_CACHE_DIR, { recursive: true });
        fs.writeFileSync(temporary, script.createCachedData());
        fs.renameSync(temporary, cacheFile);
      } catch {
        // a read-only install simply loads without the cache
        fs.rmSync(temporary, { force: true });
      }
    });
  }
  return loaded as T;
}
