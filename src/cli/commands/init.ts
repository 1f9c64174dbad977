import * as path from 'path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { UsageError } from '../../diagnostics/errors';
import { EXIT } from '../exit';

interface InitArgs {
  dir: string;
  force: boolean;
  title?: string;
}

export const initCommand: CommandModule<object, InitArgs> = {
  command: 'init [dir]',
  describe: 'start a new edition: an example document and register, the schema and rules, edition.yml, a README and GitHub workflows',
  builder: (yargs: Argv) =>
    yargs
      .positional('dir', { type: 'string', default: '.', describe: 'folder of the new edition (created if missing)' })
      .option('force', { type: 'boolean', default: false, describe: 'replace files that exist (without it, init writes nothing when one does)' })
      .option('title', { type: 'string', describe: "the edition's title, for edition.yml and the README", defaultDescription: 'A TEI edition' })
      .example('$0 init', 'start an edition in this folder')
      .example('$0 init letters --title "Letters of Ada Example"', 'start one in ./letters') as Argv<InitArgs>,
  handler: (argv: ArgumentsCamelCase<InitArgs>) => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { scaffoldEdition } = require('../../init/scaffold') as typeof import('../../init/scaffold');
    try {
      const result = scaffoldEdition({ dir: argv.dir, force: argv.force, title: argv.title });
      const relative = path.relative(process.cwd(), result.dir);
      const where = relative === '' ? '.' : relative.startsWith('..') ? result.dir : relative;
      const lines = [`Started an edition in ${result.dir}:`, ...result.written.map((file) => `  ${file}${result.replaced.includes(file) ? '  (replaced)' : ''}`), ''];
      const enter = where === '.' ? [] : [`  cd ${where.includes(' ') ? JSON.stringify(where) : where}`];
      const install = result.written.includes('package.json') ? ['  npm install'] : [];
      lines.push('Next:', ...enter, ...install, '  npx tei-edition serve      # see it in your browser while you edit', '  npx tei-edition validate   # check it', '');
      lines.push('README.md says how to add documents and publish to GitHub Pages.', '');
      process.stdout.write(lines.join('\n'));
      process.exitCode = EXIT.ok;
    } catch (error) {
      // Files in the way, a folder that cannot be written: one line, exit 2 (a problem with the call, not with documents).
      if (error instanceof UsageError) {
        process.stderr.write(`tei-edition: ${error.message}\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      throw error;
    }
  },
};
