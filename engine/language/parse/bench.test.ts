import { test, vi } from 'vitest';
import { benchParse } from '../bench-parse.js';
vi.mock('../expressions/index.js', async () => await import('./testing/expression-stub.js'));
test('bench', () => { for (let i = 0; i < 20; i++) benchParse(); console.log(benchParse()); });
