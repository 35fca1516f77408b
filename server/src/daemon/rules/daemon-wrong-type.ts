import type { Node } from 'jsonc-parser';
import type { Fix, Report, Rule } from '../../rules/types';
import type { DaemonContext } from '../context';
import type { DaemonKey, NestedField } from '../keyTypes';
import { DaemonModel, JsonProperty, propertiesOf, valueOf } from '../model';
import { indentOf, replaceNode, valueText } from '../edits';
import {
  decodeError,
  goStructField,
  isFlatOption,
  ADDRESS_POOL_FIELDS,
  BUILDER_FIELDS,
  LOG_DRIVERS,
  NRI_OPTS_FIELDS,
  PROXIES_FIELDS,
  RUNTIME_FIELDS,
  ULIMIT_FIELDS,
} from '../keys';
import { mergedEarlier, quoted, refusedInside, suggest, unknownDirectives, workingProperties } from '../validity';

type FieldType = NestedField['type'];

/** What a JSON node is, in the words of Go's decode errors. */
function goKind(node: Node): string {
  switch (node.type) {
    case 'boolean':
      return 'bool';
    case 'null':
      return 'null';
    default:
      return node.type; // string, number, array, object
  }
}

function isInteger(model: DaemonModel, node: Node): boolean {
  return node.type === 'number' && /^-?\d+$/.test(model.text.slice(node.offset, node.offset + node.length));
}

function fits(model: DaemonModel, node: Node, type: FieldType): boolean {
  switch (type) {
    case 'boolean':
      return node.type === 'boolean';
    case 'string':
      return node.type === 'string';
    case 'integer':
      return isInteger(model, node);
    case 'string-array':
    case 'object-array':
      return node.type === 'array';
    case 'object':
      return node.type === 'object';
  }
}

const TYPE_WORDS: Record<FieldType, string> = {
  boolean: 'a JSON boolean (true or false, without quotes)',
  string: 'a JSON string',
  integer: 'a JSON integer (no quotes, no decimals)',
  'string-array': 'a list of strings (["…"]), even for one value',
  object: 'a JSON object',
  'object-array': 'a list of objects',
};

/**
 * Go's decode error. `field` is the struct field path where Go names it (`Config.ipv6`); map values have none
 * (`json: cannot unmarshal number into Go value of type string`, as dockerd prints for numeric log-opts).
 */
function goError(model: DaemonModel, node: Node, goType: string, field?: string): string {
  const text = model.text.slice(node.offset, node.offset + node.length);
  const kind = node.type === 'number' && /^u?int/.test(goType) ? `number ${text}` : goKind(node);
  return decodeError(
    `json: cannot unmarshal ${kind} into ${field ? `Go struct field ${field}` : 'Go value'} of type ${goType}`,
    model.version,
  );
}

const GO_TYPES: Record<FieldType, string> = {
  boolean: 'bool',
  string: 'string',
  integer: 'int',
  'string-array': '[]string',
  object: 'map[string]interface {}',
  'object-array': '[]interface {}',
};

/** Go types of nested fields where they are not the plain ones (go-units' Ulimit limits are int64). */
const FIELD_GO_TYPES: Readonly<Record<string, string>> = { Hard: 'int64', Soft: 'int64', maxEntries: 'int64' };
/** Go element types of the lists of objects. */
const ITEM_GO_TYPES: Readonly<Record<string, string>> = {
  'default-address-pools': 'ipamutils.NetworkToSplit',
  policy: 'config.BuilderGCRule',
};

/** strconv.ParseBool's spellings. */
const BOOL_TEXT: Record<string, boolean> = {
  '1': true,
  t: true,
  T: true,
  TRUE: true,
  true: true,
  True: true,
  '0': false,
  f: false,
  F: false,
  FALSE: false,
  false: false,
  False: false,
};

/** The value converted to `type` when the intent is plain (`"true"` → true, `"1500"` → 1500, `3` → "3", `"x"` → ["x"]). */
function converted(model: DaemonModel, node: Node, type: FieldType): { value: unknown } | undefined {
  const value = valueOf(node);
  switch (type) {
    case 'boolean':
      if (typeof value === 'string' && value.trim() in BOOL_TEXT) return { value: BOOL_TEXT[value.trim()] };
      if (value === 0 || value === 1) return { value: value === 1 };
      return undefined;
    case 'integer':
      if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) && Number.isSafeInteger(Number(value)))
        return { value: Number(value) };
      if (typeof value === 'number' && Number.isSafeInteger(value)) return { value };
      return undefined;
    case 'string':
      if (typeof value === 'number' || typeof value === 'boolean') return { value: String(value) };
      if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return { value: value[0] };
      return undefined;
    case 'string-array':
      if (typeof value === 'string') return { value: [value] };
      return undefined;
    default:
      return undefined;
  }
}

function convertFix(model: DaemonModel, node: Node, holder: JsonProperty | undefined, value: unknown): Fix {
  const indent = holder ? indentOf(model, holder.node) : '';
  const text = valueText(model, value, indent);
  const shown = text.length > 40 ? 'the expected type' : text;
  return { title: `Write ${shown}`, edits: [replaceNode(model, node, text)], isPreferred: true };
}

export const daemonWrongType: Rule<DaemonContext> = {
  id: 'daemon-wrong-type',
  kind: 'daemon',
  severity: 'error',
  title: 'Value of the wrong type',
  rationale:
    'dockerd decodes daemon.json into typed Go fields: `"true"` where a boolean belongs, a number among log-opts, a single string where a list belongs, or an unknown enum value stops the daemon from starting.',
  remedy:
    'Write the value with the JSON type dockerd expects (`true`, `1500`, `"3"`, `["x"]`) and one of the allowed values.',
  guidance: ['Host: a daemon configuration that takes effect'],
  anchors: [],
  fixes: ['Convert the value to the expected type', 'Use the allowed value'],
  fixSafety: 'safe',
  check({ model }) {
    const out: Report[] = [];
    for (const { prop, row } of workingProperties(model)) {
      const node = prop.valueNode;
      if (!node || node.type === 'null') continue; // null leaves dockerd's default
      if (!fits(model, node, row.type)) {
        out.push(topLevelReport(model, prop, node, row));
        continue;
      }
      if (row.values && node.type === 'string') {
        const r = enumReport(model, prop, node, row);
        if (r) out.push(r);
      }
      if (row.type === 'string-array')
        out.push(
          ...elementReports(model, prop, node, row.goType.replace(/^\[\]/, ''), goStructField(row, model.version)),
        );
      if (row.type === 'object' || row.type === 'object-array') {
        out.push(...innerReports(model, prop, node, row));
        // an earlier object of the same key is decoded into the same map or struct (daemon-duplicate-key)
        for (const earlier of mergedEarlier(model, prop))
          out.push(...innerReports(model, earlier, earlier.valueNode!, row));
      }
    }
    return out;
  },
};

function topLevelReport(model: DaemonModel, prop: JsonProperty, node: Node, row: DaemonKey): Report {
  const key = prop.key;
  const range = model.range(node.offset, node.offset + node.length);
  const refused = node.type === 'object' && !isFlatOption(key, model.version) ? refusedInside(model, prop) : [];
  let error: string;
  if (refused.length)
    error = unknownDirectives(refused); // dockerd flattened the object and refused its keys first
  else if (row.type === 'object' && !isFlatOption(key, model.version))
    error = unknownDirectives([key]); // `"proxies": "x"`
  else if (row.goType === 'opts.MemBytes')
    error = decodeError(
      `invalid size: ${JSON.stringify(model.text.slice(node.offset, node.offset + node.length))}`,
      model.version,
    );
  else error = goError(model, node, row.goType, goStructField(row, model.version));
  const fixes: Fix[] = [];
  const c = converted(model, node, row.type) ?? objectFromFlags(key, valueOf(node));
  if (c) fixes.push(convertFix(model, node, prop, c.value));
  const advice = c ? ` Write ${shownValue(c.value)}.` : '';
  return {
    range,
    message: `"${key}" must be ${TYPE_WORDS[row.type]}: dockerd refuses to start with "${error}".${advice}`,
    fixes,
  };
}

function shownValue(value: unknown): string {
  const s = JSON.stringify(value);
  return s.length > 40 ? 'it in that form' : s;
}

/** `log-opts` / `default-ulimits` written the command-line way (`["max-size=10m"]`, `["nofile=1024:2048"]`). */
function objectFromFlags(key: string, value: unknown): { value: unknown } | undefined {
  const list =
    typeof value === 'string'
      ? [value]
      : Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? (value as string[])
        : undefined;
  if (!list?.length) return undefined;
  if (key === 'log-opts') {
    const pairs = list.map((s) => /^([^=]+)=(.*)$/s.exec(s));
    return pairs.every(Boolean) ? { value: Object.fromEntries(pairs.map((m) => [m![1], m![2]])) } : undefined;
  }
  if (key === 'default-ulimits') {
    const limits = list.map((s) => /^([a-z]+)=(-?\d+)(?::(-?\d+))?$/.exec(s));
    if (!limits.every(Boolean)) return undefined;
    return {
      value: Object.fromEntries(
        limits.map((m) => [m![1], { Name: m![1], Hard: Number(m![3] ?? m![2]), Soft: Number(m![2]) }]),
      ),
    };
  }
  return undefined;
}

/** dockerd's Validate() texts for enum values. */
const ENUM_ERRORS: Record<string, (v: string) => string> = {
  'log-level': (v) => `invalid logging level: ${v}`,
  'log-format': (v) => `invalid log format: ${v}`,
  'default-ipc-mode': ipcModeError,
  'default-cgroupns-mode': (v) => `invalid default cgroup namespace (${v}): use "host" or "private"`,
  'firewall-backend': () => 'invalid firewall-backend: allowed values are "iptables" and "nftables"',
};

/**
 * Values people mean but dockerd refuses: logrus takes `warning`, dockerd's own check does not (daemon/config/config.go
 * validateDaemonLogConfig: "panic", "fatal", "error", "warn", "info", "debug", "trace"; line 635 at v27.5.1, 691 at
 * v28.5.2, 814 at docker-v29.7.2).
 */
const MEANT: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'log-level': { warning: 'warn' },
};

/**
 * default-ipc-mode: values container.IpcMode.Valid() takes but that are no default ("host", "none", "container:…")
 * get another error than the invalid ones (daemon/config/config_linux.go verifyDefaultIpcMode, line 174 at v27.5.1,
 * line 292 at v28.5.2).
 */
function ipcModeError(v: string): string {
  const hint = 'use "shareable" or "private"';
  return v === 'host' || v === 'none' || v.startsWith('container:')
    ? `IPC mode "${v}" is not supported as default value; ${hint}`
    : `default IPC mode setting (${v}) is invalid; ${hint}`;
}

function enumReport(model: DaemonModel, prop: JsonProperty, node: Node, row: DaemonKey): Report | undefined {
  const value = String(valueOf(node));
  const range = model.range(node.offset, node.offset + node.length);
  // The storage driver may name a containerd snapshotter, so its values are open; removed drivers are the CIS rule's.
  if (prop.key === 'storage-driver') return undefined;
  if (prop.key === 'log-driver') return logDriverReport(model, node, value);
  const allowed = row.values!;
  if (row.caseInsensitive ? allowed.includes(value.toLowerCase()) : allowed.includes(value)) return undefined;
  const caseOnly = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  const meant = MEANT[prop.key]?.[value.toLowerCase()];
  const s = caseOnly ? [caseOnly] : meant ? [meant] : suggest(value.toLowerCase(), allowed);
  const error = ENUM_ERRORS[prop.key]?.(value);
  const refusal = error ? `dockerd refuses to start with "${error}"` : `dockerd accepts only ${quoted([...allowed])}`;
  const fixes = s.map((v) => ({
    title: `Write "${v}"`,
    edits: [replaceNode(model, node, JSON.stringify(v))],
    ...(s.length === 1 ? { isPreferred: true } : {}),
  }));
  const mean = caseOnly
    ? ` The value is case-sensitive: write "${caseOnly}".`
    : s.length
      ? ` Did you mean ${quoted(s)}?`
      : ` Use ${quoted([...allowed])}.`;
  return { range, message: `"${value}" is not a valid ${prop.key}: ${refusal}.${mean}`, fixes };
}

/**
 * A log-driver outside the built-in list may be a logging plugin (`loki`, `grafana/loki-docker-driver:latest`): only a
 * near miss of a built-in driver (`json`, `jsonfile`, `Syslog`) is reported. dockerd checks the driver at start only
 * when log-opts is not empty (daemon/logs.go defaultLogConfig: line 193 at docker-v29.7.2); otherwise it starts, and
 * each container that does not name its own driver fails when it is created (mergeAndVerifyLogConfig, daemon/create.go).
 */
function logDriverReport(model: DaemonModel, node: Node, value: string): Report | undefined {
  const names = LOG_DRIVERS.map((d) => d.name);
  if (names.includes(value) || /[/:]/.test(value)) return undefined;
  const s = suggest(value, names);
  if (!s.length) return undefined;
  const opts = valueOf(model.effective.get('log-opts')?.valueNode);
  const checkedAtStart = !!opts && typeof opts === 'object' && Object.keys(opts).length > 0;
  return {
    range: model.range(node.offset, node.offset + node.length),
    ...(checkedAtStart ? {} : { severity: 'warning' as const }),
    message: checkedAtStart
      ? `"${value}" is not a log driver: dockerd finds no built-in driver of that name, looks for a logging plugin called "${value}" to check "log-opts" against, and refuses to start when there is none ("failed to set log opts"). Did you mean ${quoted(s)}?`
      : `"${value}" is not a log driver: dockerd starts (with no "log-opts" it does not check the driver), but every container that does not name its own --log-driver fails to be created, as no built-in driver or logging plugin is called "${value}". Did you mean ${quoted(s)}?`,
    fixes: s.map((v) => ({
      title: `Write "${v}"`,
      edits: [replaceNode(model, node, JSON.stringify(v))],
      ...(s.length === 1 ? { isPreferred: true } : {}),
    })),
  };
}

/** Elements of a list of strings. */
function elementReports(
  model: DaemonModel,
  holder: JsonProperty,
  list: Node,
  goType: string,
  field: string | undefined,
): Report[] {
  const out: Report[] = [];
  for (const el of list.children ?? []) {
    if (el.type === 'string' || el.type === 'null') continue;
    const c = converted(model, el, 'string');
    out.push({
      range: model.range(el.offset, el.offset + el.length),
      message: `Each entry of "${holder.key}" must be a JSON string: dockerd refuses to start with "${goError(model, el, goType, field)}".${c ? ` Write ${shownValue(c.value)}.` : ''}`,
      fixes: c ? [convertFix(model, el, holder, c.value)] : [],
    });
  }
  return out;
}

/** A value inside an object key that must be of `type`. `field` names the Go struct field where Go reports one. */
function valueReport(
  model: DaemonModel,
  holder: JsonProperty,
  node: Node,
  type: FieldType,
  where: string,
  error: string,
): Report | undefined {
  if (node.type === 'null' || fits(model, node, type)) return undefined;
  const c = converted(model, node, type);
  return {
    range: model.range(node.offset, node.offset + node.length),
    message: `${where} must be ${TYPE_WORDS[type]}: dockerd refuses to start with "${error}".${c ? ` Write ${shownValue(c.value)}.` : ''}`,
    fixes: c ? [convertFix(model, node, holder, c.value)] : [],
  };
}

/** Struct fields of a nested object, by the table's shapes (Go matches struct field names case-insensitively). */
function fieldReports(model: DaemonModel, object: Node, fields: readonly NestedField[], path: string): Report[] {
  const out: Report[] = [];
  for (const p of propertiesOf(object)) {
    const f = fields.find((x) => x.key.toLowerCase() === p.key.toLowerCase());
    if (!f || !p.valueNode) continue;
    const where = `"${path}.${p.key}"`;
    const goType = FIELD_GO_TYPES[f.key] ?? GO_TYPES[f.type];
    const r = valueReport(model, p, p.valueNode, f.type, where, goError(model, p.valueNode, goType, `…${f.key}`));
    if (r) {
      out.push(r);
      continue;
    }
    if (f.type === 'string-array' && p.valueNode.type === 'array')
      out.push(...elementReports(model, p, p.valueNode, 'string', `…${f.key}`));
    if (f.fields && p.valueNode.type === 'object')
      out.push(...fieldReports(model, p.valueNode, f.fields, `${path}.${p.key}`));
    if (f.fields && f.type === 'object-array' && p.valueNode.type === 'array')
      out.push(...itemReports(model, p, p.valueNode, f.fields, `${path}.${p.key}`, ITEM_GO_TYPES[f.key] ?? 'struct'));
  }
  return out;
}

function itemReports(
  model: DaemonModel,
  holder: JsonProperty,
  list: Node,
  fields: readonly NestedField[],
  path: string,
  goType: string,
): Report[] {
  const out: Report[] = [];
  for (const item of list.children ?? []) {
    const r = valueReport(model, holder, item, 'object', `Each entry of "${path}"`, goError(model, item, goType));
    if (r) out.push(r);
    else if (item.type === 'object') out.push(...fieldReports(model, item, fields, `${path}[]`));
  }
  return out;
}

/**
 * Map values: every `log-opts` value is a string, every `features` value a boolean ... Go names the map's own field
 * (a map key is not a field): `Go struct field Config.log-opts of type string` (encoding/json decode.go object(): the
 * field stack is only pushed for struct fields).
 */
function mapValueReports(
  model: DaemonModel,
  object: Node,
  type: FieldType,
  goType: string,
  path: string,
  field: string,
): Report[] {
  const out: Report[] = [];
  for (const p of propertiesOf(object)) {
    if (!p.valueNode) continue;
    const r = valueReport(
      model,
      p,
      p.valueNode,
      type,
      `"${path}.${p.key}"`,
      goError(model, p.valueNode, goType, field),
    );
    if (r) out.push(r);
  }
  return out;
}

function innerReports(model: DaemonModel, prop: JsonProperty, node: Node, row: DaemonKey): Report[] {
  const key = prop.key;
  const field = goStructField(row, model.version);
  switch (key) {
    case 'log-opts':
      return mapValueReports(model, node, 'string', 'string', key, field);
    case 'features':
      return mapValueReports(model, node, 'boolean', 'bool', key, field);
    case 'default-network-opts': {
      const out: Report[] = [];
      for (const driver of propertiesOf(node)) {
        if (!driver.valueNode) continue;
        const r = valueReport(
          model,
          driver,
          driver.valueNode,
          'object',
          `"${key}.${driver.key}"`,
          goError(model, driver.valueNode, 'map[string]string', field),
        );
        if (r) out.push(r);
        else if (driver.valueNode.type === 'object')
          out.push(...mapValueReports(model, driver.valueNode, 'string', 'string', `${key}.${driver.key}`, field));
      }
      return out;
    }
    case 'runtimes':
    case 'default-ulimits': {
      const fields = key === 'runtimes' ? RUNTIME_FIELDS : ULIMIT_FIELDS;
      const out: Report[] = [];
      for (const entry of propertiesOf(node)) {
        const v = entry.valueNode;
        // a string ulimit ("nofile": "1024:2048") is daemon-invalid-value's: one finding with the object form
        if (!v || (key === 'default-ulimits' && v.type === 'string')) continue;
        const goType = key === 'runtimes' ? 'system.Runtime' : 'units.Ulimit';
        const r = valueReport(model, entry, v, 'object', `"${key}.${entry.key}"`, goError(model, v, goType, field));
        if (r) out.push(r);
        else if (v.type === 'object') out.push(...fieldReports(model, v, fields, `${key}.${entry.key}`));
      }
      return out;
    }
    case 'proxies':
      return fieldReports(model, node, PROXIES_FIELDS, key);
    case 'nri-opts':
      return fieldReports(model, node, NRI_OPTS_FIELDS, key);
    case 'builder':
      return fieldReports(model, node, BUILDER_FIELDS, key);
    case 'default-address-pools':
      return itemReports(model, prop, node, ADDRESS_POOL_FIELDS, key, ITEM_GO_TYPES[key]);
    default:
      return [];
  }
}
