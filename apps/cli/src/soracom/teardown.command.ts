/**
 * `facegate soracom teardown`: the hands-on's step 6-7. Takes every SIM out of the group and
 * deletes the group (its Beam and Endorse settings go with it); a group that is already gone is
 * not an error. `--beam` / `--endorse` remove only those settings and keep the group.
 * @module
 */
import { teardownGroup } from '@facegate/soracom';
import type { Command } from 'commander';
import { addApiOptions, connect, formatDryRun, type ApiOptions } from './client-options.js';

export function registerTeardown(soracom: Command): void {
  addApiOptions(
    soracom
      .command('teardown')
      .description('take the SIMs out of a SIM group and delete it')
      .requiredOption('--group <name>', 'SIM group name (its "name" tag)')
      .option('--beam', "remove only the group's Beam entry point (keep the group)")
      .option('--endorse', "remove only the group's Endorse settings (keep the group)"),
  ).action(async (o: ApiOptions & { group: string; beam?: boolean; endorse?: boolean }) => {
    const { client, recorded } = await connect(o, { existingGroup: true });
    const only = [...(o.beam ? ['beam' as const] : []), ...(o.endorse ? ['endorse' as const] : [])];
    const r = await teardownGroup(client, { group: o.group, only });
    if (only.length > 0 && !o.dryRun) {
      const lines = r.removedConfiguration.length
        ? r.removedConfiguration.map((c) => `removed ${c} from ${o.group}`)
        : [`nothing to remove from ${o.group}`];
      process.stdout.write(`${lines.join('\n')}\n`);
      return;
    }
    if (o.dryRun) {
      process.stdout.write(formatDryRun(client.endpoint, recorded));
      process.stdout.write(
        only.length > 0
          ? `# a real run also sends DELETE /v1/groups/{groupId}/configuration/{namespace}/{key} for each ${only.join(' and ')} setting the group holds\n`
          : '# a real run also sends POST /v1/subscribers/{imsi}/unset_group for each SIM the group holds\n',
      );
      return;
    }
    if (r.deletedGroupIds.length === 0) {
      process.stdout.write(`no group named ${o.group}; nothing to delete\n`);
      return;
    }
    for (const imsi of r.unsetImsis) process.stdout.write(`took ${imsi} out of ${o.group}\n`);
    for (const id of r.deletedGroupIds) process.stdout.write(`deleted group ${o.group} (${id})\n`);
  });
}
