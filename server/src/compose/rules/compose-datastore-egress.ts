import { isMap, isPair, isScalar, isSeq, Node, YAMLMap } from 'yaml';
import type { TextEdit } from 'vscode-languageserver-types';
import type { Fix, Report, Rule } from '../../rules/types';
import type { ComposeContext } from '../context';
import type { ComposeModel, ComposeService } from '../model';
import { composeImage } from '../imageRef';
import { indentUnit, insertIntoMap } from '../edits';
import { nodeRange, resolvedNode, scalarText, serviceNameRange, writtenInService } from '../reportSite';
import { appendItem, insertList, isTrue, listItems, setting, stringValue } from '../serviceValues';
import { serviceEnvironment } from '../environment';
import { datastoreImage } from '../../data/datastoreImages';
import { joinList } from '../../text/list';
import { memo } from '../../common/memo';
import { commandWords } from '../../rules/authSwitches';

export const composeDatastoreEgress: Rule<ComposeContext> = {
  id: 'compose-datastore-egress',
  kind: 'compose',
  severity: 'hint',
  title: 'Datastore on a network with a way out',
  rationale:
    "A database, cache or broker needs to hear from its clients, not to reach the internet. On a network that is not `internal: true` it can open connections anywhere: what an attacker makes it run (PostgreSQL's `COPY … PROGRAM`, Redis' `SLAVEOF`/`MODULE LOAD`, a query that fetches a URL) can fetch tools and send the data out, and every other container on that network can reach it.",
  remedy:
    'Put the datastore on an internal network (`networks: {backend: {internal: true}}`) with only the services that use it; those keep their other networks for their own traffic.',
  guidance: ['Isolation: restrict networks', 'Isolation: keep authenticating internal calls'],
  anchors: [],
  fixes: ['Move the datastore and its clients to an internal network'],
  fixSafety: 'manual',
  check({ model }) {
    const out: Report[] = [];
    const declared = topLevelNetworks(model);
    for (const service of model.services) {
      const image = setting(model, service, 'image');
      if (typeof image?.value !== 'string') continue;
      const ref = composeImage(image.value);
      const store = ref?.name ? datastoreImage(ref.repository) : undefined;
      if (!store) continue;
      // another rule speaks of the service's network, or nothing reaches it through one
      if (stringValue(setting(model, service, 'network_mode')?.value)) continue;
      // a published port: compose-exposed-datastore (every interface) or a deliberate one (an internal network
      // publishes none, so the fix would take it away)
      if (listItems(model, service, 'ports').length) continue;
      if (runsSomethingElse(model, service)) continue;
      const networks = serviceNetworks(model, service);
      if (!networks) continue;
      const open = networks.names.filter((n) => {
        const net = declared.get(n);
        // an external network, or one the file does not declare (other than `default`): defined elsewhere
        if (net?.external || (!net && n !== 'default')) return false;
        return !net?.internal;
      });
      if (open.length < networks.names.length || !open.length) {
        // on an internal network already (the other is for a reason), or only on networks defined elsewhere
        continue;
      }
      const clients = clientsOf(model, service);
      const where = networks.written
        ? `the network${open.length > 1 ? 's' : ''} ${joinList(open.map((n) => `\`${n}\``))}, which ${open.length > 1 ? 'are' : 'is'} not \`internal: true\``
        : 'the default network, which is not `internal: true`';
      const range =
        networks.node && writtenInService(service, networks.node)
          ? nodeRange(model, networks.node)
          : serviceNameRange(model, service);
      const fix = networks.written ? undefined : fixFor(model, service, clients, declared);
      out.push({
        range,
        message: `Service \`${service.name}\` runs ${store.product} on ${where}: it can open connections to anywhere, the internet included, so whatever an attacker makes it run can fetch tools and send the data out, and every container on that network can reach it. Put it on an internal network with only its clients${clients.length ? ` (${joinList(clients.map((c) => `\`${c.name}\``))})` : ''}; they keep their other networks.`,
        fixes: fix ? [fix] : [],
      });
    }
    return out;
  },
};

/** Client tools of the datastore images, run as the service's command (a dump, a migration, a test). */
const CLIENT_TOOLS =
  /^(mysql|mariadb|mysqldump|mariadb-dump|mariadb-backup|mysqladmin|mariadb-admin|psql|pg_dump|pg_dumpall|pg_restore|pg_basebackup|redis-cli|valkey-cli|mongosh|mongo|mongodump|mongorestore|mongoimport|cqlsh|curl|wget)$/;

/**
 * The service uses the datastore's image to run something else: a replaced entrypoint, a script (`./migrate.sh`,
 * `/docker-entrypoint-initdb.d/dump.sh`) or a client tool as its command. Not judged: it may not be the datastore.
 */
function runsSomethingElse(model: ComposeModel, service: ComposeService): boolean {
  if (setting(model, service, 'entrypoint')) return true;
  const command = setting(model, service, 'command')?.value;
  const first = Array.isArray(command)
    ? String(command[0] ?? '')
    : typeof command === 'string'
      ? (commandWords(command)[0]?.text ?? '')
      : '';
  const name = first.slice(first.lastIndexOf('/') + 1);
  return /\.(sh|py|js|rb|pl)$/.test(name) || CLIENT_TOOLS.test(name);
}

interface DeclaredNetwork {
  internal: boolean;
  external: boolean;
}

/** The top-level `networks:` and whether each is internal or external. */
function topLevelNetworks(model: ComposeModel): Map<string, DeclaredNetwork> {
  const out = new Map<string, DeclaredNetwork>();
  const root = model.yaml.contents;
  if (!isMap(root)) return out;
  const pair = root.items.find((p) => isScalar(p.key) && String(p.key.value) === 'networks');
  const map = resolvedNode(model, pair?.value as Node | null);
  if (!map || !isMap(map)) return out;
  for (const p of map.items) {
    if (!isScalar(p.key)) continue;
    const def = resolvedNode(model, p.value as Node | null);
    const field = (key: string): unknown => {
      if (!def || !isMap(def)) return undefined;
      const f = def.items.find((q) => isScalar(q.key) && String(q.key.value) === key);
      const v = resolvedNode(model, f?.value as Node | null);
      return v && isScalar(v) ? v.value : v ? true : undefined;
    };
    out.set(String(p.key.value), {
      internal: isTrue(field('internal')),
      external: !!field('external') && field('external') !== false && !/^false$/i.test(String(field('external'))),
    });
  }
  return out;
}

/** The networks a service joins (`default` when it names none), and the node that names them. */
function serviceNetworks(
  model: ComposeModel,
  service: ComposeService,
): { names: string[]; written: boolean; node: Node | null } | undefined {
  const found = setting(model, service, 'networks');
  if (!found) return { names: ['default'], written: false, node: null };
  const node = resolvedNode(model, found.node);
  if (!node) return { names: ['default'], written: false, node: null };
  const names: string[] = [];
  if (isSeq(node)) for (const item of node.items) names.push(scalarText(resolvedNode(model, item as Node)) ?? '');
  else if (isMap(node)) for (const p of node.items) names.push(isScalar(p.key) ? String(p.key.value) : '');
  else return undefined;
  // a name from a variable: not judged
  if (names.some((n) => !n || n.includes('$'))) return undefined;
  return { names, written: true, node: found.node };
}

/**
 * The services that use the datastore: they name it in `depends_on` or `links`, or an environment value names its
 * host (`DB_HOST: db`, `postgres://app@db:5432/app`).
 */
function clientsOf(model: ComposeModel, store: ComposeService): ComposeService[] {
  return usesOf(model)
    .filter((u) => u.service !== store && (u.names.has(store.name) || u.values.some((v) => namesHost(v, store.name))))
    .map((u) => u.service);
}

const USES = Symbol('datastoreEgressUses');

/** Per service, read once per file: the services it names in `depends_on`/`links`, and its environment values. */
function usesOf(model: ComposeModel): { service: ComposeService; names: Set<string>; values: string[] }[] {
  return memo(model, USES, () =>
    model.services.map((service) => {
      const names = new Set<string>();
      for (const key of ['depends_on', 'links']) {
        const v = setting(model, service, key)?.value;
        if (Array.isArray(v)) for (const x of v) names.add(String(x).split(':')[0]);
        else if (v && typeof v === 'object') for (const k of Object.keys(v)) names.add(k);
      }
      const values = serviceEnvironment(model, service)
        .entries.map((e) => e.value)
        .filter((v): v is string => v !== null);
      return { service, names, values };
    }),
  );
}

/** Host names end at these (`db:5432`, `@db/app`, `DB_HOST=db`, `a,db`); a longer name (`db2`, `db.example`) is another. */
const HOST_EDGE = new Set(['', '/', '@', '=', ':', ',', ' ', '\t']);

/** `host` appears in the value as a whole host name. */
function namesHost(value: string, host: string): boolean {
  for (let at = value.indexOf(host); at >= 0; at = value.indexOf(host, at + 1)) {
    const before = at === 0 ? '' : value[at - 1];
    const after = value[at + host.length] ?? '';
    if (HOST_EDGE.has(before) && HOST_EDGE.has(after)) return true;
  }
  return false;
}

/**
 * The datastore (on the default network) moves to a new internal network `<name>-internal`, each client joins it
 * beside the networks it has (`default` written out when it names none), and the network is declared. Offered only
 * when every client's `networks:` is its own list or mapping (or absent), and the name is free.
 */
function fixFor(
  model: ComposeModel,
  store: ComposeService,
  clients: ComposeService[],
  declared: Map<string, DeclaredNetwork>,
): Fix | undefined {
  if (!clients.length) return undefined;
  const name = `${store.name}-internal`;
  if (declared.has(name) || !/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name)) return undefined;
  const edits: TextEdit[] = [];
  const own = insertList(model, store, 'networks', name);
  if (!own) return undefined;
  edits.push(own);
  for (const c of clients) {
    const found = setting(model, c, 'networks');
    let edit: TextEdit | undefined;
    // a client without `networks:` is on `default`: it joins both
    if (!found) edit = insertList(model, c, 'networks', ['default', name]);
    else if (found.own && found.node && isSeq(found.node)) edit = appendItem(model, found.node, name);
    else if (found.own && found.node && isMap(found.node))
      edit = insertIntoMap(model, found.node, found.keyNode, [`${name}: {}`]);
    if (!edit) return undefined;
    edits.push(edit);
  }
  const declaration = declareNetwork(model, name);
  if (!declaration) return undefined;
  edits.push(declaration);
  return {
    title: `Move \`${store.name}\` to a new internal network \`${name}\` with ${joinList(clients.map((c) => `\`${c.name}\``))}`,
    edits,
    manual: true,
  };
}

/** `<name>: {internal: true}` under the top-level `networks:`, which is added when the file has none. */
function declareNetwork(model: ComposeModel, name: string): TextEdit | undefined {
  const root = model.yaml.contents;
  if (!isMap(root) || root.flow) return undefined;
  const pair = root.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === 'networks');
  const step = indentUnit(model);
  if (!pair) return insertIntoMap(model, root, null, ['networks:', `${step}${name}:`, `${step}${step}internal: true`]);
  const map = pair.value as Node | null;
  if (map && !isMap(map)) return undefined;
  return insertIntoMap(model, (map as YAMLMap | null) ?? undefined, pair.key as Node, [
    `${name}:`,
    `${step}internal: true`,
  ]);
}
