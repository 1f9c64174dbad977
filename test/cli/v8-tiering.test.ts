import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { INTERRUPT_BUDGET_FACTOR, tieringFlags } from '../../src/cli/v8-tiering';
import { REPO_ROOT } from '../support/shared';

/**
 * The CLI raises V8's budget before it optimises a function (src/cli/v8-tiering.ts): short runs spend less
 * CPU compiling SaxonJS's functions they hardly use.
 */

describe('the V8 budget the CLI sets', () => {
  test("four times the default budget for build and serve, small inlining for validate, unless node's command line sets them", () => {
    const budget = [`--interrupt-budget=${INTERRUPT_BUDGET_FACTOR * 67584}`, '--expose-gc'];
    expect(tieringFlags(['build'], [])).toEqual(budget);
    expect(tieringFlags(['--quiet', 'build', '--src', 'tei'], ['--stack-size=2000', '--max-old-space-size=900'])).toEqual(budget);
    expect(tieringFlags(['serve'], [])).toEqual(budget);
    expect(tieringFlags(['validate', 'tei'], [])).toEqual(['--max-inlined-bytecode-size=80']);
    expect(tieringFlags(['validate', 'tei'], ['--max_inlined_bytecode_size=460'])).toEqual([]);
    expect(tieringFlags(['constructor'], [])).toEqual([]);
    expect(tieringFlags(['init', 'build'], [])).toEqual([]);
    expect(tieringFlags(['--help'], [])).toEqual([]);
    expect(tieringFlags(['build'], ['--interrupt-budget=1000'])).toEqual(['--expose-gc']);
    expect(tieringFlags(['build'], ['--interrupt_budget=1000', '--expose-gc'])).toEqual([]);
    expect(tieringFlags(['build'], ['--interrupt-budget', '1000', '--expose_gc'])).toEqual([]);
  });

  // What it is for, observed: V8's own trace of the functions it optimises, in a cold build of the bundled
  // collection with the CLI's budget and with V8's default (given on node's command line, which the CLI leaves alone).
  test('a cold build optimises far fewer functions', () => {
    const optimised = (nodeFlags: string[]): number => {
      const out = fs.mkdtempSync(path.join(os.tmpdir(), 'tiering-'));
      try {
        const run = spawnSync(process.execPath, [...nodeFlags, '--trace-opt', path.join(REPO_ROOT, 'bin', 'tei-edition.js'), 'build', '--src', path.join(REPO_ROOT, 'tei'), '--out', out, '--no-cache', '--no-config'], {
          encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
        });
        expect(run.status).toBe(0);
        return run.stdout.split('\n').filter((line) => line.includes('completed optimizing') || line.includes('completed compiling')).length;
      } finally {
        fs.rmSync(out, { recursive: true, force: true });
      }
    };
    const withBudget = optimised([]);
    const withDefault = optimised(['--interrupt-budget=67584']);
    expect(withBudget).toBeGreaterThan(0);
    expect(withBudget).toBeLessThan(withDefault * 0.75);
  }, 120_000);
});
