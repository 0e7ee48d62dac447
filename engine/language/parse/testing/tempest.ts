/** The Mistral tempest plugin's resource documents (shared data, see SOURCE.txt there). */
export const TEMPEST_DIR = '/work/shared/data/mistral-tempest-resources/';

/** Every resource with the kind Convection must read it as; wb_v1.yaml is a v1 document tempest expects to be refused. */
export const TEMPEST_KINDS: Readonly<Record<string, 'workflows' | 'workbook' | 'actions' | 'invalid'>> = {
  'action_v2.yaml': 'actions',
  'for_wf_namespace/lowest_level_wf.yaml': 'workflows',
  'for_wf_namespace/middle_wf.yaml': 'workflows',
  'for_wf_namespace/top_level_wf.yaml': 'workflows',
  'openstack/action_collection_wb.yaml': 'workbook',
  'single_wf.yaml': 'workflows',
  'wb_v1.yaml': 'invalid',
  'wb_v2.yaml': 'workbook',
  'wb_with_nested_wf.yaml': 'workbook',
  'wf_action_ex_concurrency.yaml': 'workflows',
  'wf_task_ex_concurrency.yaml': 'workflows',
  'wf_v2.yaml': 'workflows',
};

export const TEMPEST_FILES = Object.keys(TEMPEST_KINDS);
