import { tuneTiering } from './v8-tiering';
// Before any other module of the CLI is loaded (see v8-tiering.ts).
tuneTiering(process.argv.slice(2));

import { prestartRulesWorker } from '../validation/rules/rules-worker';
import { UsageError } from '../diagnostics/errors';
import { EXIT, exitOnInternalError } from './exit';
import { shouldPrestartRules, shouldPrestartSchemaWorker } from './prestart';
import { prestartTypescriptWorker } from '../validation/schema/typescript-spare';

/**
 * The `tei-edition` CLI: a thin registry of the command modules in ./commands. Problems with the
 * documents are reported by the commands; problems with the call exit 2 with one line; anything else
 * is an internal error, also one line and exit 2, never a stack trace.
 */
export async function main(argv: string[]): Promise<void> {
  // First of all, so that the worker loads SaxonJS while this thread loads yargs and the commands.
  if (shouldPrestartRules(argv)) prestartRulesWorker();
  if (shouldPrestartSchemaWorker(argv)) prestartTypescriptWorker();
  /* eslint-disable @typescript-eslint/no-var-requires */
  const yargs = require('yargs/yargs') as typeof import('yargs/yargs');
  const { commands } = require('./commands') as typeof import('./commands');
  /* eslint-enable @typescript-eslint/no-var-requires */
  const cli = yargs(argv)
    .scriptName('tei-edition')
    .usage('$0 <command> [options]')
    .strict()
    .demandCommand(1, 'name a command (see --help)')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(100, process.stdout.columns || 100))
    .fail((message, error) => {
      if (error && !(error instanceof UsageError)) throw error;
      process.stderr.write(`tei-edition: ${error ? error.message : message}\nRun "tei-edition --help" for usage.\n`);
      process.exit(EXIT.usage);
    });
  for (const command of commands) cli.command(command);
  await cli.parseAsync();
}

process.on('uncaughtException', exitOnInternalError);
process.on('unhandledRejection', exitOnInternalError);
main(process.argv.slice(2)).catch(exitOnInternalError);
