import * as fs from 'fs';
import * as path from 'path';
import { BuildSession } from '../../src/publish/build';
import { validateCollection } from '../../src/validation';
import { CompiledSchemas } from '../../src/validation/layers/compiled';
import * as schematron from '../../src/validation/rules/schematron';
import { REPO_ROOT } from '../support/shared';
import { FIXTURES, temporaryDir } from './helpers';

/**
 * CompiledSchemas: what a BuildSession keeps compiled for the validator between its builds (serve
 * validates on every save). Kept schemas and rules must give exactly what a cold run gives, and a schema
 * or rules file changed between two builds must be compiled afresh, never answered from what was kept.
 */

const withoutRaw = (diagnostics: Array<{ raw?: string }>): unknown[] => diagnostics.map(({ raw: _raw, ...rest }) => rest);

describe('CompiledSchemas', () => {
  afterEach(() => jest.restoreAllMocks());

  test('kept schemas and rules give the diagnostics of a cold run, without compiling again', async () => {
    // Documents with schema and rules problems of every kind (the fixtures the layers are tested on).
    const paths = ['schema-layer', 'rules', 'ten-problems'];
    const cold = await validateCollection(paths, { cwd: FIXTURES });
    expect(cold.diagnostics.some((d) => d.layer === 'schema')).toBe(true);
    expect(cold.diagnostics.some((d) => d.layer === 'rules')).toBe(true);

    const compiled = new CompiledSchemas();
    try {
      const first = await validateCollection(paths, { cwd: FIXTURES, compiled });
      const compile = jest.spyOn(schematron, 'compileSchematron');
      const second = await validateCollection(paths, { cwd: FIXTURES, compiled });
      // The rules were compiled by the first run only; every schema was compiled already (0 ms in the second run).
      expect(compile).not.toHaveBeenCalled();
      const compiledFirst = first.schemas.filter((use) => use.compileMs !== null && use.compileMs > 0).map((use) => use.file);
      expect(compiledFirst.length).toBeGreaterThan(0);
      for (const file of compiledFirst) expect(second.schemas.find((use) => use.file === file)?.compileMs).toBe(0);
      for (const report of [first, second]) {
        expect(withoutRaw(report.diagnostics)).toEqual(withoutRaw(cold.diagnostics));
        expect(report.files).toEqual(cold.files);
      }
    } finally {
      compiled.close();
    }
  });

  describe('in a BuildSession', () => {
    let project: string;
    beforeEach(() => {
      project = temporaryDir('tei-edition-compiled-');
      fs.cpSync(path.join(REPO_ROOT, 'tei'), path.join(project, 'tei'), { recursive: true });
      fs.cpSync(path.join(REPO_ROOT, 'schemas'), path.join(project, 'schemas'), { recursive: true });
    });
    afterEach(() => fs.rmSync(project, { recursive: true, force: true }));

    test('a schema or rules file changed between two builds is compiled afresh and used', async () => {
      const schema = path.join(project, 'schemas', 'edition.rng');
      const rules = path.join(project, 'schemas', 'edition.sch');
      const original = { schema: fs.readFileSync(schema, 'utf8'), rules: fs.readFileSync(rules, 'utf8') };
      const session = new BuildSession();
      const build = () => session.build({
        src: path.join(project, 'tei'), out: path.join(project, 'dist'), validate: true, cacheDir: path.join(project, 'cache'), workers: 0,
        edition: { commit: 'test', 'build-date': '2026-01-01' },
      });
      try {
        const first = await build();
        expect(first.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(first.published).toBe(true);

        // The schema now wants another root element: every document is invalid against it.
        fs.writeFileSync(schema, original.schema.replace('<element name="TEI">', '<element name="TEI-changed">'));
        const changedSchema = await build();
        expect(changedSchema.published).toBe(false);
        expect(changedSchema.diagnostics.filter((d) => d.layer === 'schema' && d.severity === 'error').map((d) => path.basename(d.file)).sort())
          .toEqual(['carter-brezhnev-1979.xml', 'politburo-directive-1980.xml', 'register.xml']);

        // Back as it was, byte for byte (another modification time): valid again.
        fs.writeFileSync(schema, original.schema);
        expect((await build()).published).toBe(true);

        // A rule added to the rules file: found on every document.
        fs.writeFileSync(rules, original.rules.replace('<sch:pattern id="attributes">', [
          '<sch:pattern id="added-by-test"><sch:rule context="tei:TEI">',
          '<sch:assert id="added-by-test" role="error" test="false()">a rule added between two builds</sch:assert>',
          '</sch:rule></sch:pattern>',
          '<sch:pattern id="attributes">',
        ].join('')));
        const changedRules = await build();
        expect(changedRules.published).toBe(false);
        expect(changedRules.diagnostics.filter((d) => d.rule === 'added-by-test').map((d) => path.basename(d.file)).sort())
          .toEqual(['carter-brezhnev-1979.xml', 'politburo-directive-1980.xml', 'register.xml']);

        fs.writeFileSync(rules, original.rules);
        const again = await build();
        expect(again.published).toBe(true);
        expect(again.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      } finally {
        await session.close();
      }
    });
  });
});
