import { describe, expect, it } from 'vitest';
import { flowMatches, inputSignature, installSummary, installedWorkflowHref, type InstalledWorkflow, type RepositoryFlow } from './repository';

const FLOW: RepositoryFlow = {
  name: 'rolling_restart',
  description: 'Restart servers one at a time.',
  tags: ['openstack', 'nova'],
  inputs: [
    { name: 'servers', required: true },
    { name: 'pause', required: false, default: 30 },
  ],
  workflows: ['rolling_restart', 'rolling_restart_server'],
  needs_cloud: true,
};

function installed(name: string, status: InstalledWorkflow['status']): InstalledWorkflow {
  return { id: `id-${name}`, name, namespace: '', status };
}

describe('flowMatches', () => {
  it('matches the name, the description or a tag, ignoring case', () => {
    expect(flowMatches(FLOW, 'ROLLING')).toBe(true);
    expect(flowMatches(FLOW, 'one at a')).toBe(true);
    expect(flowMatches(FLOW, 'nova')).toBe(true);
    expect(flowMatches(FLOW, 'heat')).toBe(false);
    expect(flowMatches(FLOW, '  ')).toBe(true);
  });
});

describe('inputSignature', () => {
  it('writes required inputs bare and the others with their JSON default', () => {
    expect(inputSignature(FLOW.inputs)).toBe('servers, pause=30');
    expect(inputSignature([{ name: 'mode', required: false, default: 'fast' }])).toBe('mode="fast"');
  });
});

describe('installSummary', () => {
  it('counts what an install added', () => {
    const result = { name: FLOW.name, namespace: '', workflows: [installed('rolling_restart', 'created'), installed('rolling_restart_server', 'created')] };
    expect(installSummary(result)).toBe('Installed rolling_restart in the default namespace: 2 workflows added.');
  });

  it('says which workflows were already there', () => {
    const result = { name: FLOW.name, namespace: 'ops', workflows: [installed('rolling_restart', 'created'), installed('rolling_restart_server', 'unchanged')] };
    expect(installSummary(result)).toBe('Installed rolling_restart in namespace ops: 1 workflow added (1 already there, left unchanged).');
  });

  it('says so when nothing changed', () => {
    const result = { name: FLOW.name, namespace: 'ops', workflows: [installed('rolling_restart', 'unchanged')] };
    expect(installSummary(result)).toBe('rolling_restart is already installed in namespace ops: nothing changed.');
  });
});

describe('installedWorkflowHref', () => {
  it('links by name in the default namespace and by id elsewhere', () => {
    expect(installedWorkflowHref({ id: 'abc', name: 'a b', namespace: '' })).toBe('/workflows/a%20b');
    expect(installedWorkflowHref({ id: 'abc', name: 'a b', namespace: 'ops' })).toBe('/workflows/abc');
  });
});
