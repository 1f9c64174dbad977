import * as v8 from 'v8';

/**
 * V8 compiles a function with its optimising compiler (TurboFan) once the function has run for a budget of
 * bytecode (`--interrupt-budget`, 66 KB by default, tuned for web pages). A build publishes with SaxonJS, whose
 * code runs a few times each in thousands of functions when a build has a few documents to transform (a cold
 * build of a small edition, a build after one change): V8 optimised about 1,070 functions in a cold build of the
 * bundled collection (--trace-opt), often only to throw the code away on the next document's other shapes, on
 * background threads that take the second core. With four times the budget it compiles 470, the functions that
 * stay hot are still optimised, and the process spends less CPU. Medians of alternated runs at load 14-18 on
 * 2 cores: the bundled collection's cold build 4.60 → 3.76 s; a build after one change of 2,000 documents
 * 5.10 → 4.27 s; 40 documents summarised and rendered in one process, no difference. A larger budget saves more
 * on one document and starts to cost on forty (16×: 9.1-9.3 s against 7.2-10.2).
 *
 * Not for `validate`: its work is our own parser and rules over every file, steady and hot, where optimising
 * later costs (../shared/corpus against tei_all with the rules, 3 alternated pairs: 8.4-9.1 s of CPU with
 * V8's default, 8.5-10.4 s with four times the budget; the bundled collection: 0.60 s either way).
 */
export const INTERRUPT_BUDGET_FACTOR = 4;
const V8_DEFAULT_INTERRUPT_BUDGET = 67584;
const COMMANDS = ['build', 'serve'];

/**
 * The V8 flags to set at start-up for this command line (the CLI's arguments): the budget for `build` and `serve`,
 * unless node's own command line sets it (someone measuring V8 knows better; NODE_OPTIONS cannot hold it).
 */
export function tieringFlags(argv: readonly string[], execArgv: readonly string[] = process.execArgv): string[] {
  const command = argv.find((arg) => !arg.startsWith('-'));
  if (command === undefined || !COMMANDS.includes(command)) return [];
  const given = execArgv.some((arg) => /^--interrupt[-_]budget(=|$)/.test(arg));
  return given ? [] : [`--interrupt-budget=${INTERRUPT_BUDGET_FACTOR * V8_DEFAULT_INTERRUPT_BUDGET}`];
}

/** Sets them; before the CLI loads anything else, so that every function created after it (and every worker thread) has the budget. */
export function tuneTiering(argv: readonly string[]): void {
  for (const flag of tieringFlags(argv)) v8.setFlagsFromString(flag);
}
