import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Argv, CommandModule } from 'yargs';
import { UsageError } from '../../diagnostics/errors';
import { blobUrlFromEnv, FORMATS, FormatName, formatReportBytes, githubStepSummary } from '../../diagnostics/formatters';
import type { ValidationReport } from '../../validation';
import { SCHEMA_COMPILE_TIMEOUT_MS } from '../../limits';
import { EXIT } from '../exit';
import { progressWanted, stageReporter } from '../stage-reporter';

interface ValidateArgs {
  paths: string[];
  schema?: string;
  rules?: string | false;
  format: FormatName;
  output?: string;
  'max-warnings': number;
  changed?: string;
  quiet: boolean;
  verbose: boolean;
  'schema-timeout': number;
  color?: boolean;
  timings: boolean;
  engine: 'auto' | 'xmllint' | 'relaxng';
  cache: boolean;
  'cache-dir'?: string;
  config?: string | false;
}

export const validateCommand: CommandModule<object, ValidateArgs> = {
  command: 'validate [paths..]',
  describe: 'check TEI documents: well-formedness, RelaxNG schema, edition rules',
  builder: (yargs: Argv) =>
    yargs
      .positional('paths', { type: 'string', array: true, default: [] as string[], describe: 'files or folders to check (folders are searched for *.xml)', defaultDescription: 'tei/' })
      .option('schema', { type: 'string', describe: "RelaxNG schema (.rng) for every document, instead of the one each document's xml-model names" })
      .option('rules', { type: 'string', describe: "Schematron rules (.sch) for every document, instead of the ones each names (default: the edition rules, schemas/edition.sch, for documents in tei/); --no-rules skips the rules layer" })
      .option('format', { alias: 'f', choices: FORMATS, default: 'pretty' as FormatName, describe: 'output format' })
      .option('output', { alias: 'o', type: 'string', describe: 'write the report to this file instead of standard output' })
      .option('max-warnings', { type: 'number', default: -1, describe: 'exit 1 when there are more warnings than this', defaultDescription: 'no limit' })
      .option('changed', { type: 'string', describe: 'check only files changed against a git ref (with uncommitted and untracked files); alone, against HEAD' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'report errors only, not warnings' })
      .option('verbose', { type: 'boolean', default: false, describe: "also show each tool's original message" })
      .option('schema-timeout', { type: 'number', default: SCHEMA_COMPILE_TIMEOUT_MS / 1000, describe: 'seconds allowed to compile a RelaxNG schema' })
      .option('engine', { choices: ['auto', 'xmllint', 'relaxng'] as const, default: 'auto' as const, describe: 'RelaxNG engine: the TypeScript engine (relaxng), libxml2 (xmllint, the reference), or auto' })
      .option('cache', { type: 'boolean', default: true, describe: 'reuse results of earlier runs for unchanged inputs (--no-cache: check everything afresh)' })
      .option('cache-dir', { type: 'string', describe: 'where the result cache lives', defaultDescription: '$TEI_EDITION_CACHE_DIR or .cache/tei-edition' })
      .option('config', { type: 'string', describe: 'the edition configuration file, checked too (--no-config: none)', defaultDescription: 'edition.yml, if there is one' })
      .option('color', { type: 'boolean', describe: 'colour the pretty output', defaultDescription: 'on a terminal' })
      .option('timings', { type: 'boolean', default: false, describe: 'print how long each stage took, to standard error' })
      .example('$0 validate', 'check every file in tei/')
      .example('$0 validate tei/register.xml --format json', 'check one file, report as JSON')
      .example('$0 validate --changed origin/main --format github', 'in CI: check what a pull request changes')
      .check((argv) => {
        if (!Number.isInteger(argv['max-warnings']) || argv['max-warnings'] < -1) throw new UsageError('--max-warnings takes a whole number (0 or more)');
        if (!(argv['schema-timeout'] > 0)) throw new UsageError('--schema-timeout takes a number of seconds greater than 0');
        return true;
      }) as unknown as Argv<ValidateArgs>,
  handler: async (argv) => {
    process.exitCode = await validate(argv);
  },
};

async function validate(argv: ValidateArgs): Promise<number> {
  const paths = [...argv.paths];
  let changed = argv.changed;
  if (changed !== undefined) {
    // `validate --changed tei/`: yargs reads the folder as the ref; a path that is no git ref is a path.
    if (changed !== '' && fs.existsSync(changed) && !isGitRef(changed)) {
      paths.push(changed);
      changed = '';
    }
    if (changed === '') changed = 'HEAD';
  }

  // Required here, not at the top: `--help` stays fast.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { validateCollection } = require('../../validation') as typeof import('../../validation');
  const reporter = stageReporter('validate', { timings: argv.timings, progress: progressWanted(process.stderr, { quiet: argv.quiet, format: argv.format }) });
  const collectionReport = await validateCollection(paths, {
    schema: argv.schema,
    rules: typeof argv.rules === 'string' ? argv.rules : undefined,
    skipRules: argv.rules === false,
    changed,
    schemaTimeoutMs: argv['schema-timeout'] * 1000,
    engine: argv.engine,
    cache: argv.cache,
    cacheDir: argv['cache-dir'],
    onStage: reporter.onStage,
    onProgress: reporter.onProgress,
  }).finally(() => reporter.clear());

  const report = withEditionConfig(collectionReport, argv);
  const shown: ValidationReport = argv.quiet ? { ...report, diagnostics: report.diagnostics.filter((d) => d.severity === 'error') } : report;
  const toTerminal = !argv.output && process.stdout.isTTY === true;
  const color = argv.color ?? (toTerminal && !process.env.NO_COLOR ? true : Boolean(process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0'));
  const text = formatReportBytes(shown, argv.format, { color, verbose: argv.verbose, quiet: argv.quiet });
  if (argv.output) writeAtomically(argv.output, text);
  else process.stdout.write(text);

  if (argv.format === 'github' && process.env.GITHUB_STEP_SUMMARY) {
    try {
      fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, githubStepSummary(shown, { blobUrl: blobUrlFromEnv(process.env) }));
    } catch (error) {
      process.stderr.write(`tei-edition: could not write the step summary to ${process.env.GITHUB_STEP_SUMMARY}: ${(error as Error).message}\n`);
    }
  }
  if (changed !== undefined && report.files.length === 0) process.stderr.write(`tei-edition: no XML file changed since ${changed}; nothing to check\n`);

  const { errors, warnings } = report.summary;
  if (errors > 0) return EXIT.errors;
  if (argv['max-warnings'] >= 0 && warnings > argv['max-warnings']) {
    process.stderr.write(`tei-edition: ${warnings} warnings, more than --max-warnings ${argv['max-warnings']}\n`);
    return EXIT.errors;
  }
  return EXIT.ok;
}

/**
 * The edition configuration (edition.yml) is checked with the collection, so that a mistake in it fails the
 * validate workflow on the pull request that makes it, not the publishing after the merge.
 */
function withEditionConfig(report: ValidationReport, argv: ValidateArgs): ValidationReport {
  /* eslint-disable @typescript-eslint/no-var-requires */
  const { editionConfigFile, loadEditionConfig } = require('../../config/edition-config') as typeof import('../../config/edition-config');
  const { sortDiagnostics, summarize } = require('../../diagnostics/summary') as typeof import('../../diagnostics/summary');
  const { defaultCacheDir, ResultCache } = require('../../cache') as typeof import('../../cache');
  /* eslint-enable @typescript-eslint/no-var-requires */
  const cache = argv.cache ? new ResultCache(argv['cache-dir'] ? path.resolve(argv['cache-dir']) : defaultCacheDir(), 'validate') : undefined;
  const config = loadEditionConfig(editionConfigFile(argv.config), process.cwd(), cache);
  if (config.ok) return report;
  const problems = config.diagnostics;
  const diagnostics = sortDiagnostics([...problems, ...report.diagnostics]);
  const files = new Set([...report.files.map((file) => file.file), ...problems.map((d) => d.file)]);
  return { ...report, diagnostics, summary: summarize(diagnostics, files.size) };
}

function isGitRef(name: string): boolean {
  try {
    execFileSync('git', ['rev-parse', '--verify', '--quiet', `${name}^{commit}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Writes through a temporary file and a rename, so a reader never sees half a report. */
function writeAtomically(file: string, text: Buffer): void {
  const target = path.resolve(file);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, target);
  } catch (error) {
    try {
      fs.unlinkSync(temporary);
    } catch {
      // nothing to clean up
    }
    throw new UsageError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
