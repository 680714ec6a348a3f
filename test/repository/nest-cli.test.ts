import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * nest-cli.json names every app and library (the Nest CLI's generators and editors read it), so
 * it must not drift from the folders: a library added without its entry fails here.
 */
describe('nest-cli.json', () => {
  const root = join(__dirname, '..', '..');
  const folders = (parent: string) =>
    readdirSync(join(root, parent), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);

  it('lists every app and every library, each at its own folder, and nothing else', () => {
    const { projects } = JSON.parse(readFileSync(join(root, 'nest-cli.json'), 'utf8')) as {
      projects: Record<string, { type: string; root: string; sourceRoot: string }>;
    };
    const expected = Object.fromEntries([
      ...folders('apps').map((name) => [name, { type: 'application', root: `apps/${name}`, sourceRoot: `apps/${name}/src` }]),
      ...folders('libs').map((name) => [name, { type: 'library', root: `libs/${name}`, sourceRoot: `libs/${name}/src` }]),
    ]);
    expect(
      Object.fromEntries(Object.entries(projects).map(([name, p]) => [name, { type: p.type, root: p.root, sourceRoot: p.sourceRoot }])),
    ).toEqual(expected);
  });
});
