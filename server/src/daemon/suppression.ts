import type { SuppressionHelp } from '../rules/language';

/**
 * How a daemon.json finding is suppressed, as the hovers and the rule pages say it (the daemon.json descriptor's):
 * daemon.json takes no comments (dockerd refuses them), so the rule is turned off in `.bulkhead.json` or the
 * `bulkhead.rules` setting.
 */
export const daemonSuppressionHelp: SuppressionHelp = {
  hover: (id) => `\`"${id}": "off"\` in the \`rules\` of \`.bulkhead.json\` (daemon.json takes no comments)`,
  page: (id) =>
    `To suppress: daemon.json allows no comments (dockerd refuses them), so turn the rule off in \`.bulkhead.json\` or the \`bulkhead.rules\` setting: \`{ "rules": { "${id}": "off" } }\`.`,
};
