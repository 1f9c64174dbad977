import * as path from 'path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { Diagnostic } from '../../diagnostics/diagnostic';
import { buildEdition } from '../../publish/build';

interface BuildArgs {
  src: string;
  out: string;
  schema?: string;
  validate: boolean;
}

// WIRE-UP (lead): print with the validator's pretty formatter (src/diagnostics/formatters) once merged,
// so `validate` and `build` report problems identically. Same shape: file:line:column: severity: message.
function formatDiagnostic(d: Diagnostic): string {
  const position = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  return `${position}: ${d.severity}: ${d.message} [${d.rule}]`;
}

export const buildCommand: CommandModule<object, BuildArgs> = {
  command: 'build',
  describe: 'Validate the collection, then publish it as a static HTML site (OUT/html) and a plain-text edition (OUT/text)',
  builder: (yargs: Argv) =>
    yargs
      .option('src', { type: 'string', default: 'tei', describe: 'Folder of the TEI collection' })
      .option('out', { type: 'string', default: 'dist', describe: 'Output folder, replaced atomically' })
      .option('schema', { type: 'string', describe: 'RelaxNG schema to validate against (default: the project schema)' })
      .option('validate', { type: 'boolean', default: true, describe: 'Validate before publishing (--no-validate for previews of foreign TEI)' }) as Argv<BuildArgs>,
  handler: async (argv: ArgumentsCamelCase<BuildArgs>) => {
    const started = Date.now();
    try {
      const result = await buildEdition({ src: argv.src, out: argv.out, schema: argv.schema, validate: argv.validate });
      for (const diagnostic of result.diagnostics) process.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (result.published) {
        const out = path.resolve(argv.out);
        process.stdout.write(
          `Published ${result.documents.length} document(s) in ${seconds} s: ${path.join(out, 'html', 'index.html')} and ${path.join(out, 'text')}\n`,
        );
        if (result.failed.length > 0) process.stderr.write(`Not published (see errors above): ${result.failed.join(', ')}\n`);
      } else {
        process.stderr.write(`Nothing published; ${path.resolve(argv.out)} is unchanged.\n`);
      }
      process.exitCode = result.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
    } catch (error) {
      process.stderr.write(`tei-edition build: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    }
  },
};
