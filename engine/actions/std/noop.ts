import { success, type ActionDefinition } from '../action.js';

export const noopAction: ActionDefinition = {
  name: 'std.noop',
  description: 'Does nothing and returns null; a placeholder task.',
  params: [],
  idempotent: true,
  isAsync: false,
  run: () => Promise.resolve(success(null)),
};
