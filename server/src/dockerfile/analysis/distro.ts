import type { DockerfileModel, Stage } from '../model/model';
import { RunCommand, runCommands } from './commands';
import { recall, remember } from '../../common/memo';
import { stripFrom } from '../../text/scan';

export type Distro = 'alpine' | 'debian' | 'rhel' | 'rhel-minimal' | 'distroless' | 'scratch' | 'unknown';

/** Official images whose default tags are Debian based. */
const DEBIAN_BASED =
  // linear: anchored alternatives of literal names; only the last ends in `.*` to the end
  /^(debian|ubuntu|node|python|ruby|golang|php|openjdk|eclipse-temurin|amazoncorretto|maven|gradle|rust|perl|buildpack-deps|elixir|erlang|haskell|julia|r-base|swift|ghost|wordpress|drupal|httpd|nginx|postgres|mysql|mariadb|redis|mongo|rabbitmq|tomcat|jenkins\/jenkins|mcr\.microsoft\.com\/dotnet\/.*)$/;

/**
 * The distribution family of a stage's base, from the image name, falling back to the package manager it runs
 * (in the stage or the stages it is built on). Settled once per stage, parents first: stage chains can be long.
 */
export function stageDistro(model: DockerfileModel, stage: Stage): Distro {
  const chain: Stage[] = [];
  for (let s: Stage | null = stage; s && recall(s, DISTRO) === undefined; s = s.parent) chain.unshift(s);
  for (const s of chain)
    remember(s, DISTRO, ownDistro(model, s, s.parent ? (recall<Distro>(s.parent, DISTRO) as Distro) : null));
  return recall<Distro>(stage, DISTRO) as Distro;
}

const DISTRO = Symbol('distro');

/** A stage's family given its parent's: the same when that is known, else from the root's name or its own RUNs. */
function ownDistro(model: DockerfileModel, stage: Stage, parent: Distro | null): Distro {
  if (parent !== null && parent !== 'unknown') return parent;
  if (parent === null) {
    if (stage.image.isScratch) return 'scratch';
    const fromName = stage.image.resolved ? imageDistro(stage.image.resolved) : 'unknown';
    if (fromName !== 'unknown') return fromName;
  }
  for (const c of commandsByStage(model).get(stage) ?? []) {
    if (c.name === 'apk') return 'alpine';
    if (c.name === 'apt-get' || c.name === 'apt') return 'debian';
    if (c.name === 'microdnf') return 'rhel-minimal';
    if (c.name === 'dnf' || c.name === 'yum') return 'rhel';
  }
  return 'unknown';
}

function commandsByStage(model: DockerfileModel): Map<Stage, RunCommand[]> {
  let map = recall<Map<Stage, RunCommand[]>>(model, COMMANDS_BY_STAGE);
  if (map) return map;
  map = new Map();
  for (const c of runCommands(model)) {
    if (!c.inst.stage) continue;
    const list = map.get(c.inst.stage);
    if (list) list.push(c);
    else map.set(c.inst.stage, [c]);
  }
  remember(model, COMMANDS_BY_STAGE, map);
  return map;
}

const COMMANDS_BY_STAGE = Symbol('commandsByStage');

/** The distribution family an image reference names (`python:3.12-slim` → debian), or unknown. */
export function imageDistro(reference: string): Distro {
  const name = stripFrom(reference.toLowerCase(), '@');
  if (name === 'scratch') return 'scratch';
  const [repo, tag = ''] = splitTag(name);
  const short = repo.replace(/^docker\.io\//, '').replace(/^library\//, '');
  if (/distroless/.test(repo) || /^cgr\.dev\//.test(repo)) return 'distroless';
  if (/alpine/.test(short) || /alpine/.test(tag)) return 'alpine';
  // linear: literals; each `\d*` follows `ubi` and ends at a character it cannot read
  if (/ubi\d*-(minimal|micro)|ubi\d*\/ubi-(minimal|micro)|-minimal$/.test(repo)) return 'rhel-minimal';
  if (
    // linear: literal names; each `\d*` follows its literal and ends at a `/`, the end or a letter, never a digit
    /(^|\/)(ubi\d*|centos|rockylinux|almalinux|fedora|amazonlinux|oraclelinux|rhel\d*)(\/|$)|redhat\/ubi|ubi\d*\/ubi/.test(
      repo,
    )
  )
    return 'rhel';
  if (/(^|\/)(debian|ubuntu)$/.test(repo) || /slim|bookworm|bullseye|buster|trixie|jammy|noble|focal/.test(tag))
    return 'debian';
  if (DEBIAN_BASED.test(short)) return 'debian';
  return 'unknown';
}

function splitTag(name: string): [string, string?] {
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) return [name.slice(0, colon), name.slice(colon + 1)];
  return [name];
}
