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

/**
 * `validate` has V8 inline only small functions (80 bytes of bytecode instead of 460) into the code it optimises,
 * here and in the validator's worker threads (V8's flags are the process's). Its hot code (the XML scans, the rules
 * evaluator's closures, the RelaxNG derivatives) is optimised again after each deopt, each time with everything it
 * inlined: on ../shared/corpus against tei_all that compiling took 2.8-2.9 s of CPU on V8's background threads,
 * 1.9-2.0 s with this, and the main thread did not get slower (3 alternated rounds at load 14-19; process CPU
 * 6.9-7.5 s against 7.9-9.0 s; jing 5.7-6.9 s). No inlining at all (--no-turbo-inlining) was close (7.4-8.2 s).
 */
const VALIDATE_MAX_INLINED_BYTECODE = 80;

/**
 * A build may collect its garbage between stages (src/publish/garbage.ts), with V8's gc, which --expose-gc makes
 * available. Set here from the start rather than there when first needed: V8's flags are part of the tag its code
 * caches are checked against (src/saxon), and a flag set half-way would make the cache written at exit the wrong one.
 */
const EXPOSE_GC = { name: 'expose-gc' };

/** Per command, the flags it starts with (each left alone when node's command line gives it). */
type Flag = { name: string; value?: number };
/** build's and serve's: both publish (serve builds on every save). */
const PUBLISHING: Flag[] = [{ name: 'interrupt-budget', value: INTERRUPT_BUDGET_FACTOR * V8_DEFAULT_INTERRUPT_BUDGET }, EXPOSE_GC];
const COMMAND_FLAGS: Record<string, Flag[]> = {
  build: PUBLISHING,
  serve: PUBLISHING,
  validate: [{ name: 'max-inlined-bytecode-size', value: VALIDATE_MAX_INLINED_BYTECODE }],
};

/**
 * The V8 flags to set at start-up for this command line (the CLI's arguments), but those node's own command line
 * sets (someone measuring V8 knows better; NODE_OPTIONS cannot hold them).
 */
export function tieringFlags(argv: readonly string[], execArgv: readonly string[] = process.execArgv): string[] {
  const command = argv.find((arg) => !arg.startsWith('-'));
  const flags = command !== undefined && Object.hasOwn(COMMAND_FLAGS, command) ? COMMAND_FLAGS[command] : [];
  return flags
    .filter(({ name }) => !execArgv.some((arg) => arg.replace(/_/g, '-').replace(/=.*/, '') === `--${name}`))
    .map(({ name, value }) => (value === undefined ? `--${name}` : `--${name}=${value}`));
}

/** Sets them; before the CLI loads anything else, so that every function created after it (and every worker thread) runs under them. */
export function tuneTiering(argv: readonly string[]): void {
  for (const flag of tieringFlags(argv)) v8.setFlagsFromString(flag);
}
