import { describe, expect, it } from 'vitest';
import { describeEachStore } from '../store/testing/each-store.js';
import type { Environment } from '../store/schema.js';
import {
  booleanFilter,
  enumFilter,
  fetchPage,
  integerFilter,
  listBody,
  pageInMemory,
  parseListQuery,
  sortColumns,
  tagsFilter,
  textFilter,
  timeFilter,
} from './list-query.js';
import type { ListQuery, ListResource } from './list-query.js';
import { environmentList } from './schemas/environments.js';

interface Thing {
  readonly id: string;
  readonly name: string;
  readonly size: number;
  readonly note: string | null;
  readonly done: boolean;
  readonly state: string;
  readonly tags_json: string;
  readonly created_at: number;
}

const things: ListResource<Thing> = {
  collection: 'things',
  fields: ['id', 'name', 'size', 'note', 'state'],
  filters: {
    name: textFilter('name'),
    size: integerFilter('size'),
    note: textFilter('note'),
    done: booleanFilter('done'),
    state: enumFilter('state', ['RUNNING', 'ERROR', 'SUCCESS']),
    tags: tagsFilter(),
    created_at: timeFilter('created_at'),
  },
  sortKeys: { ...sortColumns(['id', 'name', 'size', 'created_at']), note: { column: 'note', nullable: true } },
  nullsFields: ['note'],
  parameters: ['all_projects'],
  serialize: (t) => ({ id: t.id, name: t.name, size: t.size, note: t.note, state: t.state }),
};

const T = Date.UTC(2024, 0, 1);
const rows: Thing[] = [
  { id: 'a', name: 'alpha', size: 3, note: null, done: true, state: 'RUNNING', tags_json: '["x", "y"]', created_at: T },
  { id: 'b', name: 'beta', size: 1, note: 'n2', done: false, state: 'ERROR', tags_json: '["x"]', created_at: T + 1000 },
  { id: 'c', name: 'gamma', size: 2, note: 'n1', done: false, state: 'SUCCESS', tags_json: '[]', created_at: T + 2000 },
  { id: 'd', name: 'delta', size: 2, note: null, done: true, state: 'ERROR', tags_json: '["y"]', created_at: T + 3000 },
];

const ids = (query: Record<string, string>): string[] => pageInMemory(rows, things, parseListQuery(query, things)).map((r) => r.id);

function badRequest(query: Record<string, string>, message: string): void {
  expect(() => parseListQuery(query, things)).toThrow(expect.objectContaining({ statusCode: 400, message: expect.stringContaining(message) }));
}

describe('list parameters', () => {
  it('defaults to created_at ascending, 1000 items, every field, also for empty parameters', () => {
    const defaults = { limit: 1000, sortKeys: ['created_at'], sortDirs: ['asc'], fields: undefined, marker: undefined };
    expect(parseListQuery({}, things)).toMatchObject(defaults);
    expect(parseListQuery({ limit: '', sort_keys: '', sort_dirs: '', fields: '', marker: '' }, things)).toMatchObject(defaults);
  });

  it('lower-cases sort keys and fields, pads directions, adds id to fields, clamps the limit', () => {
    const q = parseListQuery({ sort_keys: 'NAME,Size', sort_dirs: 'DESC', fields: 'Name', limit: '5000' }, things);
    expect(q).toMatchObject({ sortKeys: ['name', 'size'], sortDirs: ['desc', 'asc'], fields: ['id', 'name'], limit: 1000 });
  });

  it.each<[Record<string, string>, string]>([
    [{ limit: '0' }, 'Limit must be positive.'],
    [{ limit: '-3' }, 'Limit must be positive.'],
    [{ limit: 'ten' }, 'Limit must be an integer'],
    [{ sort_keys: 'colour' }, 'Unknown sort key "colour"'],
    [{ sort_keys: 'name,name' }, 'must not repeat'],
    [{ sort_keys: 'name', sort_dirs: 'asc,desc' }, 'Length of sort_keys must be equal or greater than sort_dirs.'],
    [{ sort_dirs: 'up' }, "Unknown sort direction, must be 'desc' or 'asc'."],
    [{ fields: 'name,colour,weight' }, 'Field(s) colour, weight are invalid.'],
    [{ colour: 'red' }, 'Unknown argument: "colour"'],
    [{ state: 'PAUSED' }, '"PAUSED" is not one of RUNNING, ERROR, SUCCESS'],
    [{ state: 'in:RUNNING,NOPE' }, '"NOPE" is not one of'],
    [{ size: 'gt:big' }, 'is not an integer'],
    [{ done: 'maybe' }, 'expected true or false'],
    [{ created_at: 'gt:last week' }, 'is not a date and time'],
    [{ size: 'has:1' }, 'does not support "has:"'],
    [{ tags: 'neq:x' }, 'takes a comma-separated list of tags'],
    [{ nulls: 'name' }, 'nulls cannot name "name"'],
  ])('refuses %j', (query, message) => badRequest(query, message));

  it.each<[Record<string, string>, string[]]>([
    [{ name: 'beta' }, ['b']],
    [{ name: 'eq:beta' }, ['b']],
    [{ name: 'neq:beta' }, ['a', 'c', 'd']],
    [{ size: 'gt:2' }, ['a']],
    [{ size: 'gte:2' }, ['a', 'c', 'd']],
    [{ size: 'lt:2' }, ['b']],
    [{ size: 'lte:2' }, ['b', 'c', 'd']],
    [{ state: 'in:RUNNING,SUCCESS' }, ['a', 'c']],
    [{ state: 'nin:RUNNING,SUCCESS' }, ['b', 'd']],
    [{ name: 'has:l' }, ['a', 'd']],
    [{ note: 'neq:n1' }, ['b']],
    [{ done: 'true' }, ['a', 'd']],
    [{ tags: 'x' }, ['a', 'b']],
    [{ tags: 'x,y' }, ['a']],
    [{ created_at: 'gte:2024-01-01 00:00:02' }, ['c', 'd']],
    [{ nulls: 'note' }, ['a', 'd']],
  ])('filters %j in memory', (query, expected) => {
    expect(ids(query)).toEqual(expected);
  });

  it('sorts NULLs first ascending and last descending, with id breaking ties', () => {
    expect(ids({ sort_keys: 'note' })).toEqual(['a', 'd', 'c', 'b']);
    expect(ids({ sort_keys: 'note', sort_dirs: 'desc' })).toEqual(['b', 'c', 'd', 'a']);
    expect(ids({ sort_keys: 'size,name', sort_dirs: 'asc,desc' })).toEqual(['b', 'c', 'd', 'a']);
  });

  it('pages after the marker row in the requested order', () => {
    expect(ids({ sort_keys: 'size', limit: '2' })).toEqual(['b', 'c']);
    expect(ids({ sort_keys: 'size', limit: '2', marker: 'c' })).toEqual(['d', 'a']);
    expect(ids({ sort_keys: 'note', marker: 'd' })).toEqual(['c', 'b']);
    expect(() => ids({ marker: 'zzz' })).toThrow(expect.objectContaining({ statusCode: 400, message: 'Invalid marker: no things item "zzz"' }));
  });

  it('links to the next page only when the page is full, repeating every parameter in Mistral order', () => {
    const query = parseListQuery(
      { limit: '2', sort_keys: 'size', state: 'in:ERROR,SUCCESS', name: 'has:a', all_projects: 'true', fields: 'name' },
      things,
    );
    const page = pageInMemory(rows, things, query);
    expect(listBody('http://h:8989', things, query, page)).toEqual({
      things: [
        { id: 'b', name: 'beta' },
        { id: 'c', name: 'gamma' },
      ],
      next:
        'http://h:8989/v2/things?sort_keys=size&sort_dirs=asc&name=has:a&state=in:ERROR,SUCCESS&all_projects=true' +
        '&limit=2&marker=c&fields=id,name',
    });
    const last = parseListQuery({ limit: '4' }, things);
    expect(listBody('http://h', things, last, pageInMemory(rows, things, { ...last, marker: 'a' } satisfies ListQuery))).not.toHaveProperty('next');
  });

  it('encodes what would break the link but keeps commas and colons', () => {
    const query = parseListQuery({ limit: '1', name: 'has:a b&c', nulls: 'note' }, things);
    const body = listBody('http://h', things, query, [rows[0] as Thing]);
    expect(body['next']).toBe('http://h/v2/things?sort_keys=created_at&sort_dirs=asc&name=has:a%20b%26c&nulls=note&limit=1&marker=a');
  });
});

describeEachStore('list pages in SQL', (ctx) => {
  async function seed(): Promise<void> {
    const notes = [null, 'b', 'a', null, 'b', 'c', null, 'a'];
    await ctx.store.db
      .insertInto('environments')
      .values(
        notes.map((description, i) => ({
          id: `e${i}`,
          name: `env${i % 3}-${i}`,
          project_id: 'p1',
          scope: 'private' as const,
          description,
          variables_json: `{"i": ${i}}`,
          created_at: T + (i % 4) * 1000,
          updated_at: T,
        })),
      )
      .execute();
  }

  async function walk(query: Record<string, string>): Promise<string[]> {
    const seen: string[] = [];
    let marker: string | undefined;
    for (let guard = 0; guard < 20; guard++) {
      const q = parseListQuery({ ...query, ...(marker === undefined ? {} : { marker }) }, environmentList);
      const page: Environment[] = await fetchPage(ctx.store.db.selectFrom('environments').selectAll(), environmentList, q);
      seen.push(...page.map((r) => r.id));
      if (page.length < q.limit) return seen;
      marker = page[page.length - 1]?.id;
    }
    throw new Error('pages never ended');
  }

  it.each([
    [{ sort_keys: 'description' }],
    [{ sort_keys: 'description', sort_dirs: 'desc' }],
    [{ sort_keys: 'created_at,name', sort_dirs: 'desc,asc' }],
    [{ sort_keys: 'created_at,description', sort_dirs: 'asc,desc' }],
  ])('walks every row exactly once, in the order of one big page, for %j', async (sort) => {
    await seed();
    const whole = await walk({ ...sort, limit: '100' });
    expect(whole).toHaveLength(8);
    expect(await walk({ ...sort, limit: '3' })).toEqual(whole);
    const inMemory = pageInMemory(
      await ctx.store.db.selectFrom('environments').selectAll().execute(),
      environmentList,
      parseListQuery({ ...sort, limit: '100' }, environmentList),
    );
    expect(inMemory.map((r) => r.id)).toEqual(whole);
  });

  it.each<[Record<string, string>, string[]]>([
    [{ description: 'b' }, ['e1', 'e4']],
    [{ description: 'neq:b' }, ['e2', 'e5', 'e7']],
    [{ description: 'in:a,c' }, ['e2', 'e5', 'e7']],
    [{ description: 'nin:a,c' }, ['e1', 'e4']],
    [{ name: 'has:env1' }, ['e1', 'e4', 'e7']],
    [{ variables: 'has:"i": 5' }, ['e5']],
    [{ created_at: 'gt:2024-01-01 00:00:02' }, ['e3', 'e7']],
    [{ created_at: 'lte:2024-01-01T00:00:00Z' }, ['e0', 'e4']],
    [{ name: 'gte:env2', created_at: 'lt:2024-01-01 00:00:03' }, ['e2', 'e5']],
  ])('filters %j like the in-memory path', async (filter, expected) => {
    await seed();
    const query = parseListQuery({ ...filter, sort_keys: 'id' }, environmentList);
    const sqlIds = (await fetchPage(ctx.store.db.selectFrom('environments').selectAll(), environmentList, query)).map((r) => r.id);
    expect(sqlIds).toEqual(expected);
    const all = await ctx.store.db.selectFrom('environments').selectAll().execute();
    expect(pageInMemory(all, environmentList, query).map((r) => r.id)).toEqual(expected);
  });

  it('answers 400 for a marker outside the visible rows', async () => {
    await seed();
    const query = parseListQuery({ marker: 'e1' }, environmentList);
    const base = ctx.store.db.selectFrom('environments').selectAll().where('id', '<>', 'e1');
    await expect(fetchPage(base, environmentList, query)).rejects.toMatchObject({ statusCode: 400 });
  });
});
