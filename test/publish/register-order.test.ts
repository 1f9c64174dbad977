import * as path from 'path';
import { PUBLISH_FIXTURES, publish, read } from '../support/publish';

/**
 * A register lists its entries by surname where the name has one, else by the name as shown, all in one order:
 * an entry without a surname does not come before every entry with one (its key had an empty first part).
 * The drama fixtures mix them: characters named by a role ("Mate"), a person with forename and surname ("Ann Lee").
 */
describe('the order of a register', () => {
  test('surnames and names without one sort together', async () => {
    const built = await publish(path.join(PUBLISH_FIXTURES, 'drama'));
    expect(built.result.published).toBe(true);
    const list = /<ul class="register-list">([\s\S]*?)<\/ul>/.exec(read(path.join(built.out, 'html', 'persons.html')))![1];
    const listed = [...list.matchAll(/<a href="persons\/([^"]+)\.html">/g)].map((match) => match[1]);
    expect(listed).toEqual(['storm-captain', 'storm-cook', 'calm-fisher-1', 'calm-fisher-2', 'interview-ann', 'storm-mate', 'calm-servant', 'storm-servant']);
  }, 120_000);
});
