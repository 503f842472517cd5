import { loadModelFile } from './server/src/node/workspaceModel';
import { ADMIN_PROBES, simulate } from './server/src/core/model';
import { getCatalog } from './server/src/node/catalogFile';
const m = loadModelFile('examples/organization.iam-model.json', 'examples');
if (!m.ok) throw new Error(m.message);
for (const p of ADMIN_PROBES) {
  const r = simulate(m.model, { principal: process.argv[2] ?? 'role/break-glass', actions: [p.action], resources: [p.resource!.replace('{partition}','aws').replace('{account}','111122223333').replace('{region}','eu-west-1')] }, { catalog: getCatalog() });
  console.log(p.action, r.entries[0]?.decision, r.entries[0]?.summary, r.errors);
}
