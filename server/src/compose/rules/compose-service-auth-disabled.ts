import { isMap, isScalar, isSeq, Node, YAMLMap, YAMLSeq } from 'yaml';
import type { TextEdit } from 'vscode-languageserver-types';
import type { Fix, Report, Rule } from '../../rules/types';
import type { ComposeContext } from '../context';
import type { ComposeModel, ComposeService } from '../model';
import { interpolate } from '../interpolation';
import { composeImage } from '../imageRef';
import { bindsAllInterfaces, portBinding } from '../ports';
import { mountOf } from '../mounts';
import {
  fromNote,
  describeOrigin,
  nodeRange,
  resolvedNode,
  scalarText,
  serviceNameRange,
  verbatimStart,
  writtenInService,
} from '../reportSite';
import {
  appendItem,
  insertList,
  isTrue,
  listItems,
  removeKeyIn,
  removeOwnItem,
  removeOwnKey,
  setting,
  stringValue,
} from '../serviceValues';
import { indentUnit, insertIntoMap } from '../edits';
import { EnvEntry, serviceEnvironment } from '../environment';
import {
  ArgWord,
  AuthFinding,
  authMessage,
  authSwitchFindings,
  commandWords,
  ContainerFacts,
  EnvVar,
  Exposure,
} from '../../rules/authSwitches';

/** Where a value is written: its node, and the service entry for environment variables. */
interface Site {
  node: Node;
  /** The node is written in the service's own text (a fix may edit it). */
  own: boolean;
  /** Where an inherited value is written, for messages. */
  from?: string;
  env?: EnvEntry & { service: ComposeService };
  /** A command word: the list item (list form) or the scalar and the word's offsets in it (string form). */
  word?: { seq?: YAMLSeq; index?: number; key: string; scalar?: Node; start?: number; end?: number };
}

export const composeServiceAuthDisabled: Rule<ComposeContext> = {
  id: 'compose-service-auth-disabled',
  kind: 'compose',
  severity: 'warning',
  title: 'Service started with its authentication switched off',
  rationale:
    'Official images are told to accept anyone by an environment variable or a flag (`POSTGRES_HOST_AUTH_METHOD=trust`, `MYSQL_ALLOW_EMPTY_PASSWORD`, `--protected-mode no`, `xpack.security.enabled=false`, an empty Jupyter token…). Whoever reaches the service, a neighbouring container turned against you through an SSRF, or anyone on the network when a port is published, then needs no password. An error when a port is published beyond this host, a warning otherwise.',
  remedy:
    "Remove the switch and give the service a password, from a Compose secret through the image's `*_FILE` variable (`POSTGRES_PASSWORD_FILE: /run/secrets/db_password`); keep authenticating even between your own containers.",
  guidance: ['Isolation: keep authenticating internal calls', 'Isolation: minimise open ports'],
  anchors: [],
  fixes: ['Remove the switch', 'Replace the switch with a password file from a Compose secret'],
  fixSafety: 'manual',
  check({ model }) {
    const out: Report[] = [];
    for (const service of model.services) {
      const facts = factsOf(model, service);
      if (!facts) continue;
      for (const f of authSwitchFindings(facts.facts)) {
        const site = f.at;
        const exposure = facts.exposure;
        const via = site.own ? '' : fromNote(site.from);
        out.push({
          range: site.own ? nodeRange(model, site.node) : serviceNameRange(model, service),
          severity: exposure.kind === 'all' ? 'error' : 'warning',
          message: authMessage(f, `Service \`${service.name}\``, via, exposure),
          fixes: fixFor(model, service, f),
        });
      }
    }
    return out;
  },
};

function factsOf(
  model: ComposeModel,
  service: ComposeService,
): { facts: ContainerFacts<Site>; exposure: Exposure } | undefined {
  const place = (node: Node | null, from?: string): Site | undefined => {
    if (!node) return undefined;
    const own = writtenInService(service, node);
    return { node, own, from: own ? undefined : from };
  };
  // image
  let image: ContainerFacts<Site>['image'];
  const imageSetting = setting(model, service, 'image');
  if (typeof imageSetting?.value === 'string' && imageSetting.node) {
    const ref = composeImage(imageSetting.value);
    if (ref?.name) {
      const at = place(imageSetting.node, imageSetting.from);
      if (at) image = { repository: ref.repository, tag: ref.parsed.tag, at };
    }
  }
  // environment (own, merged, along `extends`)
  const { entries, envFile } = serviceEnvironment(model, service);
  const env = new Map<string, EnvVar<Site>>();
  for (const e of entries) {
    const own = writtenInService(service, e.node);
    const at: Site = {
      node: e.node,
      own,
      env: e,
      // described when a finding needs it: most variables never do
      get from() {
        return own
          ? undefined
          : describeOrigin(model, {
              value: e.value,
              node: e.node,
              keyNode: e.keyNode ?? null,
              origin: e.service === service ? 'merge' : 'extends',
              from: e.service.name,
            });
      },
    };
    env.set(e.name, { name: e.name, value: envValue(e.value), at });
  }
  const command = argWords(model, service, 'command', place);
  const entrypoint = argWords(model, service, 'entrypoint', place);
  // ports
  const networkMode = stringValue(setting(model, service, 'network_mode')?.value);
  let exposure: Exposure = { kind: 'none' };
  if (networkMode === 'host') exposure = { kind: 'all', text: '`network_mode: host`' };
  else if (!networkMode || !/^(service:|container:)/.test(networkMode)) {
    for (const item of listItems(model, service, 'ports')) {
      const node = resolvedNode(model, item.node);
      const binding = node && portBinding(node);
      if (!binding) continue;
      if (!binding.hostIpUnknown && bindsAllInterfaces(binding.hostIp)) {
        exposure = { kind: 'all', text: `\`${binding.text}\`` };
        break;
      }
      exposure = { kind: 'loopback', text: `\`${binding.text}\`` };
    }
  }
  const mountTargets = listItems(model, service, 'volumes')
    .map((v) => mountOf(model, v)?.target)
    .filter((t): t is string => typeof t === 'string');
  return {
    facts: {
      image,
      env,
      envMayHaveMore: envFile,
      command: command?.words ?? null,
      entrypoint: entrypoint?.words ?? null,
      published: exposure.kind !== 'none',
      mountTargets,
      privileged: isTrue(setting(model, service, 'privileged')?.value),
    },
    exposure,
  };
}

/** A value as the container gets it: defaults filled in, null when a variable without a default (or the shell) decides. */
function envValue(written: string | null): string | null {
  if (written === null) return null;
  const { value, unresolved } = interpolate(written);
  if (unresolved) return null;
  // `NAME=""` in list syntax: the quotes are what the author meant as empty
  return /^(""|'')$/.test(value.trim()) ? '' : value;
}

/** The words of `command:` / `entrypoint:` (a list, or a string split as Compose splits it), null when unknown. */
function argWords(
  model: ComposeModel,
  service: ComposeService,
  key: 'command' | 'entrypoint',
  place: (node: Node | null, from?: string) => Site | undefined,
): { words: ArgWord<Site>[] } | undefined {
  const found = setting(model, service, key);
  if (!found?.node) return undefined;
  const node = resolvedNode(model, found.node);
  if (!node) return undefined;
  const words: ArgWord<Site>[] = [];
  const push = (text: string, site: Site) => {
    const interpolated = interpolate(text);
    const value = interpolated.unresolved ? `\u0000${text}` : interpolated.value;
    if (/\s/.test(value.trim())) {
      // a script inside one word (`sh -c "redis-server --protected-mode no"`): its words, reported on the whole
      for (const w of commandWords(value)) words.push({ text: w.text, at: site, nested: true });
    } else words.push({ text: value, at: site });
  };
  if (isSeq(node)) {
    node.items.forEach((item, index) => {
      const text = scalarText(resolvedNode(model, item as Node));
      const at = place(item as Node, found.from);
      if (text === undefined || !at) return;
      push(text, { ...at, word: { seq: node, index, key } });
    });
  } else if (isScalar(node)) {
    const text = scalarText(node);
    const at = place(node, found.from);
    if (text === undefined || !at) return undefined;
    const start = verbatimStart(model, node);
    for (const w of commandWords(text)) {
      const site: Site = {
        ...at,
        word: {
          key,
          scalar: node,
          start: start === undefined ? undefined : start + w.start,
          end: start === undefined ? undefined : start + w.end,
        },
      };
      push(w.text, site);
    }
  } else return undefined;
  return { words };
}

/** Remove the switch: the environment entry, or the command words, when the service writes them itself. */
function fixFor(model: ComposeModel, service: ComposeService, f: AuthFinding<Site>): Fix[] {
  const edits: TextEdit[] = [];
  if (f.removeEnv) {
    const site = f.removeEnv.at;
    const entry = site.env;
    if (!site.own || !entry || entry.service !== service) return [];
    const edit = removeEnvEntry(model, service, entry);
    if (!edit) return [];
    edits.push(edit);
  } else if (f.removeWords?.length) {
    if (f.removeWords.some((w) => w.nested || !w.at.own || !w.at.word)) return [];
    const first = f.removeWords[0].at.word!;
    if (first.seq) {
      // list form: the items, from the last so the indices hold (one edit when they are neighbours)
      const seq = first.seq;
      const indices = f.removeWords.map((w) => w.at.word!.index!);
      if (indices.length >= seq.items.length) return [];
      const items = seq.items as Node[];
      const from = items[indices[0]].range!;
      const to = items[indices[indices.length - 1]].range!;
      if (seq.flow || indices.some((i, k) => k > 0 && i !== indices[k - 1] + 1)) {
        if (indices.length !== 1) return [];
        const edit = removeOwnItem(model, service, first.key, seq, indices[0]);
        if (!edit) return [];
        edits.push(edit);
      } else if (indices.length === 1) {
        const edit = removeOwnItem(model, service, first.key, seq, indices[0]);
        if (!edit) return [];
        edits.push(edit);
      } else {
        // block list: whole lines of the neighbouring items
        const text = model.text;
        const lineStart = text.lastIndexOf('\n', from[0] - 1) + 1;
        const nl = text.indexOf('\n', to[1] - 1);
        if (!/^[ \t]*-[ \t]*$/.test(text.slice(lineStart, from[0]))) return [];
        edits.push({ range: model.range(lineStart, nl < 0 ? text.length : nl + 1), newText: '' });
      }
    } else {
      // string form: the words and the blank before them, when the source spells the string verbatim
      const spans = f.removeWords.map((w) => w.at.word!);
      if (spans.some((s) => s.start === undefined)) return [];
      let start = spans[0].start!;
      const end = spans[spans.length - 1].end!;
      while (start > 0 && /[ \t]/.test(model.text[start - 1])) start--;
      edits.push({ range: model.range(start, end), newText: '' });
    }
  } else return [];
  const file = f.fileVariable ? ` (then give the password in ${f.fileVariable})` : '';
  const remove: Fix = { title: `Remove \`${f.text}\`${file}`, edits, isPreferred: true, manual: true };
  const scaffold = secretFix(model, service, f);
  return scaffold ? [remove, scaffold] : [remove];
}

/**
 * The password cases: the switch's entry becomes `<FILE_VARIABLE>: /run/secrets/<service>_password`, the service
 * gets the secret (`secrets: [<name>]`) and the file declares it (`secrets: {<name>: {file: ./secrets/<name>.txt}}`),
 * as the hardened Compose template writes it. Offered when the service writes the entry, its `secrets:` (if any) is
 * its own list, no password variable is already set, and the top-level `secrets:` is a block mapping or absent.
 * `docker compose up` then fails until the file exists, rather than starting without a login.
 */
function secretFix(model: ComposeModel, service: ComposeService, f: AuthFinding<Site>): Fix | undefined {
  const variable = f.fileVariable;
  const site = f.removeEnv?.at;
  const entry = site?.env;
  if (!variable || !site?.own || !entry || entry.service !== service || !entry.node.range) return undefined;
  const password = variable.replace(/_FILE$/, '');
  const env = serviceEnvironment(model, service);
  if (env.envFile || env.entries.some((e) => e.name === password || e.name === variable)) return undefined;
  const name = `${service.name.replace(/[^A-Za-z0-9_.-]/g, '_')}_password`;
  const path = `/run/secrets/${name}`;
  // the entry, in the syntax it is written in
  let replace: TextEdit;
  if (entry.keyNode?.range) {
    replace = { range: model.range(entry.keyNode.range[0], entry.node.range[1]), newText: `${variable}: ${path}` };
  } else replace = { range: nodeRange(model, entry.node), newText: `${variable}=${path}` };
  // the service's secrets
  const own = setting(model, service, 'secrets');
  let grant: TextEdit | undefined;
  if (!own) grant = insertList(model, service, 'secrets', name);
  else if (own.own && own.node && isSeq(own.node)) {
    const listed = own.node.items.some((i) => scalarText(resolvedNode(model, i as Node)) === name);
    grant = listed ? undefined : appendItem(model, own.node, name);
    if (!listed && !grant) return undefined;
  } else return undefined;
  // the file's secrets
  const declare = declareSecret(model, name);
  if (declare === null) return undefined;
  const edits = mergeInserts([replace, ...(grant ? [grant] : []), ...(declare ? [declare] : [])]);
  return {
    title: `Replace \`${f.text}\` with ${variable} and a Compose secret \`${name}\` (./secrets/${name}.txt)`,
    edits,
    manual: true,
  };
}

/** `<name>: {file: ./secrets/<name>.txt}` under the top-level `secrets:` (added when absent); undefined when declared, null when it cannot be written. */
function declareSecret(model: ComposeModel, name: string): TextEdit | undefined | null {
  const root = model.yaml.contents;
  if (!isMap(root) || root.flow) return null;
  const step = indentUnit(model);
  const pair = root.items.find((p) => isScalar(p.key) && String(p.key.value) === 'secrets');
  if (!pair)
    return (
      insertIntoMap(model, root, null, ['secrets:', `${step}${name}:`, `${step}${step}file: ./secrets/${name}.txt`]) ??
      null
    );
  const map = pair.value as Node | null;
  if (map && (!isMap(map) || map.flow)) return null;
  if (map && isMap(map) && map.items.some((p) => isScalar(p.key) && String(p.key.value) === name)) return undefined;
  return (
    insertIntoMap(model, (map as YAMLMap | null) ?? undefined, pair.key as Node, [
      `${name}:`,
      `${step}file: ./secrets/${name}.txt`,
    ]) ?? null
  );
}

/** Insertions at one place (the end of the service and the end of the file can be the same offset) become one edit, in order. */
function mergeInserts(edits: TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of edits) {
    const same = out.find(
      (o) =>
        o.range.start.line === e.range.start.line &&
        o.range.start.character === e.range.start.character &&
        o.range.end.line === e.range.end.line &&
        o.range.end.character === e.range.end.character &&
        o.range.start.line === o.range.end.line &&
        o.range.start.character === o.range.end.character,
    );
    if (same) same.newText += e.newText;
    else out.push({ ...e });
  }
  return out;
}

/** Remove one environment variable the service writes itself; the last one takes `environment:` with it. */
function removeEnvEntry(model: ComposeModel, service: ComposeService, entry: EnvEntry): TextEdit | undefined {
  const container = entry.container;
  const envPair = service.map?.items.find((p) => isScalar(p.key) && String(p.key.value) === 'environment');
  const ownEnv =
    envPair && resolvedNode(model, envPair.value as Node | null) === container && envPair.value === container;
  if (!ownEnv) return undefined;
  if (isSeq(container)) return removeOwnItem(model, service, 'environment', container, entry.index!);
  if (container.items.length === 1) return removeOwnKey(model, service, envPair.key as Node);
  return removeKeyIn(model, container, entry.keyNode ?? null);
}
