import type { DockerfileModel, Stage } from '../../model/model';
import type { Word } from '../../model/shell';
import { runCommands } from '../../analysis/commands';
import { substitute } from '../../model/variables';

/**
 * Users and groups a Dockerfile creates itself with an explicit numeric id (`useradd -u`, `adduser -u/--uid`,
 * `groupadd -g`, `addgroup -g/--gid`), in the stages that make up a given stage.
 */
export interface CreatedAccounts {
  users: Map<string, { uid: string; gid?: string; group?: string }>;
  groups: Map<string, string>;
}

interface Parsed {
  options: Map<string, string>;
  positionals: string[];
}

/** Options that take a value, per command; everything else starting with `-` is a switch. */
const VALUE_OPTIONS: Record<string, RegExp> = {
  useradd:
    /^(-[cdefgGkKpRPsubZ]|--(comment|home-dir|home|expiredate|inactive|gid|groups|skel|key|password|root|prefix|shell|uid|base-dir|selinux-user|btrfs-subvolume-home))$/,
  // busybox: -h home -g gecos -s shell -G group -u uid -k skel; Debian: --home --shell --uid --gid --ingroup --gecos ...
  adduser: /^(-[hgsGuk]|--(home|shell|uid|gid|ingroup|gecos|comment|firstuid|lastuid|conf|firstgid|lastgid))$/,
  groupadd: /^(-[gKpR]|--(gid|key|password|root|prefix|users))$/,
  addgroup: /^(-g|--(gid|conf|firstgid|lastgid))$/,
};

function parseArgs(command: string, args: Word[], resolve: (w: Word) => string | null): Parsed | null {
  const valueOption = VALUE_OPTIONS[command];
  const options = new Map<string, string>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v.startsWith('--') && v.includes('=')) {
      const eq = v.indexOf('=');
      const resolved = resolve({ ...args[i], value: v.slice(eq + 1) });
      if (resolved !== null) options.set(v.slice(0, eq), resolved);
      continue;
    }
    if (v.startsWith('-') && v.length > 1) {
      const attached = /^(-[A-Za-z])(\d+)$/.exec(v);
      if (attached && valueOption.test(attached[1])) {
        options.set(attached[1], attached[2]);
        continue;
      }
      // `-u 1001`, and combined switches ending in a value option (`-SHG group`, `-Du 1001`)
      const key = valueOption.test(v)
        ? v
        : /^-[A-Za-z]{2,}$/.test(v) && valueOption.test(`-${v.slice(-1)}`)
          ? `-${v.slice(-1)}`
          : null;
      if (key && i + 1 < args.length) {
        const resolved = resolve(args[i + 1]);
        if (resolved !== null) options.set(key, resolved);
        i++;
      }
      continue;
    }
    const resolved = resolve(args[i]);
    if (resolved === null) return null;
    positionals.push(resolved);
  }
  return { options, positionals };
}

const NUMERIC = /^\d+$/;

/** Accounts created with explicit ids in `stage` and the stages it builds on. */
export function createdAccounts(model: DockerfileModel, stage: Stage): CreatedAccounts {
  const chain = new Set<Stage>();
  for (let s: Stage | null = stage; s; s = s.parent) chain.add(s);
  const users: CreatedAccounts['users'] = new Map();
  const groups = new Map<string, string>();
  const pendingUsers: { name: string; uid: string; gid?: string; group?: string }[] = [];
  for (const c of runCommands(model)) {
    if (!c.inst.stage || !chain.has(c.inst.stage) || !(c.name in VALUE_OPTIONS)) continue;
    const vars = model.varsAt(c.inst);
    const resolve = (w: Word): string | null => {
      if (!w.dynamic) return w.value;
      const sub = substitute(w.value, vars, model.escapeChar);
      return sub.unresolved ? null : sub.value;
    };
    const parsed = parseArgs(c.name, c.args, resolve);
    if (!parsed) continue;
    const { options, positionals } = parsed;
    const get = (...names: string[]) => names.map((n) => options.get(n)).find((v) => v !== undefined);
    if (c.name === 'groupadd' || c.name === 'addgroup') {
      const gid = get('-g', '--gid');
      // `addgroup user group` adds a user to a group: not a creation
      if (gid && NUMERIC.test(gid) && positionals.length === 1) groups.set(positionals[0], gid);
      continue;
    }
    const uid = get('-u', '--uid');
    if (!uid || !NUMERIC.test(uid)) continue;
    // useradd takes the login last; adduser takes it first (`adduser name [group]`)
    const name = c.name === 'useradd' ? positionals[positionals.length - 1] : positionals[0];
    if (!name) continue;
    let gid: string | undefined;
    let group: string | undefined;
    const primary = c.name === 'useradd' ? get('-g', '--gid') : get('--gid');
    if (primary !== undefined) {
      if (NUMERIC.test(primary)) gid = primary;
      else group = primary;
    }
    const named = c.name === 'adduser' ? get('-G', '--ingroup') : undefined;
    if (named !== undefined) group = named;
    pendingUsers.push({ name, uid, gid, group });
  }
  for (const u of pendingUsers) {
    const gid = u.gid ?? (u.group !== undefined ? groups.get(u.group) : undefined);
    users.set(u.name, { uid: u.uid, gid, group: u.group });
  }
  return { users, groups };
}
