import type { Sourced } from './types';

/**
 * Images of datastores: databases, caches, search engines, coordination stores and the message brokers whose clients
 * are other back-end services. Publishing one of them on every host interface puts its login (or, for several of them,
 * no login at all by default) in front of the network; `compose-exposed-datastore` reads this table.
 *
 * An image matches when the last component of its repository is one of `names`, under any registry or namespace (so
 * `postgres`, `bitnami/postgresql`, `docker.io/library/postgres` and a mirror's `registry.corp/hub/postgres` all match),
 * or when its fully qualified repository (see `repositoryName`) is one of `repositories` (images whose last component
 * does not name the product, `mcr.microsoft.com/mssql/server`). Exporters, admin UIs and client tools have names of
 * their own (`postgres-exporter`, `mongo-express`) and do not match.
 *
 * Left out, on purpose: object stores (MinIO: an S3 API meant for clients, always with credentials), MQTT and NATS
 * brokers (their clients are devices and other hosts by design), secret managers (Vault) and observability back ends.
 */
export interface DatastoreImage extends Sourced {
  id: string;
  /** The product, for messages ("PostgreSQL"). */
  product: string;
  kind: 'database' | 'cache' | 'search engine' | 'coordination store' | 'message broker';
  /** Last repository components that name the product. */
  names: readonly string[];
  /** Fully qualified repositories whose last component is not in `names`. */
  repositories?: readonly string[];
}

const CHECKED = '2026-11-28';
const HUB = 'https://hub.docker.com';

function entry(
  id: string,
  product: string,
  kind: DatastoreImage['kind'],
  names: string[],
  source: string,
  repositories?: string[],
): DatastoreImage {
  return { id, product, kind, names, ...(repositories ? { repositories } : {}), source, checked: CHECKED };
}

export const DATASTORE_IMAGES: readonly DatastoreImage[] = [
  // relational databases
  entry(
    'postgres',
    'PostgreSQL',
    'database',
    ['postgres', 'postgresql', 'postgis', 'timescaledb', 'timescaledb-ha', 'pgvector'],
    `${HUB}/_/postgres; ${HUB}/r/bitnami/postgresql; ${HUB}/r/postgis/postgis; ${HUB}/r/timescale/timescaledb; ${HUB}/r/pgvector/pgvector`,
    ['docker.io/zulip/zulip-postgresql'],
  ),
  entry(
    'mysql',
    'MySQL',
    'database',
    ['mysql', 'mysql-server'],
    `${HUB}/_/mysql; ${HUB}/r/mysql/mysql-server; https://container-registry.oracle.com (mysql/community-server)`,
    ['container-registry.oracle.com/mysql/community-server', 'container-registry.oracle.com/mysql/enterprise-server'],
  ),
  entry(
    'mariadb',
    'MariaDB',
    'database',
    ['mariadb'],
    `${HUB}/_/mariadb; ${HUB}/r/bitnami/mariadb; https://quay.io/repository/mariadb-foundation/mariadb-devel`,
    [
      'quay.io/mariadb-foundation/mariadb-devel',
      'quay.io/mariadb-foundation/mariadb-debug',
      'docker.io/yobasystems/alpine-mariadb',
    ],
  ),
  entry(
    'percona',
    'Percona Server',
    'database',
    ['percona', 'percona-server', 'percona-xtradb-cluster', 'percona-server-mongodb'],
    `${HUB}/_/percona; ${HUB}/r/percona/percona-server`,
  ),
  entry(
    'mssql',
    'Microsoft SQL Server',
    'database',
    ['mssql-server-linux'],
    'https://mcr.microsoft.com/product/mssql/server/about; https://mcr.microsoft.com/product/azure-sql-edge/about',
    ['mcr.microsoft.com/mssql/server', 'mcr.microsoft.com/mssql/rhel/server', 'mcr.microsoft.com/azure-sql-edge'],
  ),
  entry(
    'oracle',
    'Oracle Database',
    'database',
    ['oracle-xe', 'oracle-free'],
    `https://container-registry.oracle.com (database/free, database/enterprise); ${HUB}/r/gvenzl/oracle-free`,
    [
      'container-registry.oracle.com/database/free',
      'container-registry.oracle.com/database/enterprise',
      'container-registry.oracle.com/database/express',
    ],
  ),
  entry('cockroach', 'CockroachDB', 'database', ['cockroach'], `${HUB}/r/cockroachdb/cockroach`),
  entry('yugabyte', 'YugabyteDB', 'database', ['yugabyte'], `${HUB}/r/yugabytedb/yugabyte`),
  entry(
    'clickhouse',
    'ClickHouse',
    'database',
    ['clickhouse', 'clickhouse-server'],
    `${HUB}/_/clickhouse; ${HUB}/r/clickhouse/clickhouse-server; ${HUB}/r/bitnami/clickhouse`,
  ),
  entry('questdb', 'QuestDB', 'database', ['questdb'], `${HUB}/r/questdb/questdb`),
  // document, wide-column, graph and time-series databases
  entry(
    'mongo',
    'MongoDB',
    'database',
    ['mongo', 'mongodb', 'mongodb-community-server', 'mongodb-enterprise-server'],
    `${HUB}/_/mongo; ${HUB}/r/mongodb/mongodb-community-server; ${HUB}/r/bitnami/mongodb`,
  ),
  entry('couchdb', 'CouchDB', 'database', ['couchdb'], `${HUB}/_/couchdb; ${HUB}/r/bitnami/couchdb`),
  entry('couchbase', 'Couchbase Server', 'database', ['couchbase'], `${HUB}/_/couchbase`, [
    'docker.io/couchbase/server',
  ]),
  entry('cassandra', 'Apache Cassandra', 'database', ['cassandra'], `${HUB}/_/cassandra; ${HUB}/r/bitnami/cassandra`),
  entry('scylla', 'ScyllaDB', 'database', ['scylla'], `${HUB}/r/scylladb/scylla`),
  entry('neo4j', 'Neo4j', 'database', ['neo4j'], `${HUB}/_/neo4j; ${HUB}/r/bitnami/neo4j`),
  entry('arangodb', 'ArangoDB', 'database', ['arangodb'], `${HUB}/_/arangodb`),
  entry('orientdb', 'OrientDB', 'database', ['orientdb'], `${HUB}/_/orientdb`),
  entry('rethinkdb', 'RethinkDB', 'database', ['rethinkdb'], `${HUB}/_/rethinkdb`),
  entry('influxdb', 'InfluxDB', 'database', ['influxdb'], `${HUB}/_/influxdb; ${HUB}/r/bitnami/influxdb`),
  entry('surrealdb', 'SurrealDB', 'database', ['surrealdb'], `${HUB}/r/surrealdb/surrealdb`),
  // vector databases
  entry('qdrant', 'Qdrant', 'database', ['qdrant'], `${HUB}/r/qdrant/qdrant`),
  entry(
    'weaviate',
    'Weaviate',
    'database',
    ['weaviate'],
    `${HUB}/r/semitechnologies/weaviate; https://cr.weaviate.io (semitechnologies/weaviate)`,
  ),
  entry('milvus', 'Milvus', 'database', ['milvus'], `${HUB}/r/milvusdb/milvus`),
  entry(
    'chroma',
    'Chroma',
    'database',
    [],
    `${HUB}/r/chromadb/chroma; https://github.com/chroma-core/chroma/pkgs/container/chroma`,
    ['docker.io/chromadb/chroma', 'ghcr.io/chroma-core/chroma'],
  ),
  // caches and key-value stores
  entry(
    'redis',
    'Redis',
    'cache',
    ['redis', 'redis-stack', 'redis-stack-server', 'redismod', 'rejson', 'redisearch'],
    `${HUB}/_/redis; ${HUB}/r/redis/redis-stack; ${HUB}/r/redis/redis-stack-server; ${HUB}/r/redislabs/redismod; ${HUB}/r/bitnami/redis`,
  ),
  entry('valkey', 'Valkey', 'cache', ['valkey'], `${HUB}/r/valkey/valkey; ${HUB}/r/bitnami/valkey`),
  entry('keydb', 'KeyDB', 'cache', ['keydb'], `${HUB}/r/eqalpha/keydb`),
  entry('dragonfly', 'Dragonfly', 'cache', [], 'https://www.dragonflydb.io/docs/getting-started/docker', [
    'docker.dragonflydb.io/dragonflydb/dragonfly',
    'ghcr.io/dragonflydb/dragonfly',
  ]),
  entry('memcached', 'Memcached', 'cache', ['memcached'], `${HUB}/_/memcached; ${HUB}/r/bitnami/memcached`),
  // search engines
  entry(
    'elasticsearch',
    'Elasticsearch',
    'search engine',
    ['elasticsearch'],
    `${HUB}/_/elasticsearch; https://www.docker.elastic.co (elasticsearch/elasticsearch); ${HUB}/r/bitnami/elasticsearch`,
  ),
  entry(
    'opensearch',
    'OpenSearch',
    'search engine',
    ['opensearch'],
    `${HUB}/r/opensearchproject/opensearch; ${HUB}/r/bitnami/opensearch`,
  ),
  entry('solr', 'Apache Solr', 'search engine', ['solr'], `${HUB}/_/solr`),
  entry('meilisearch', 'Meilisearch', 'search engine', ['meilisearch'], `${HUB}/r/getmeili/meilisearch`),
  // coordination stores
  entry(
    'etcd',
    'etcd',
    'coordination store',
    ['etcd'],
    'https://etcd.io/docs/v3.5/op-guide/container/ (gcr.io/etcd-development/etcd, quay.io/coreos/etcd); https://hub.docker.com/r/bitnami/etcd',
  ),
  entry(
    'zookeeper',
    'Apache ZooKeeper',
    'coordination store',
    ['zookeeper', 'cp-zookeeper'],
    `${HUB}/_/zookeeper; ${HUB}/r/confluentinc/cp-zookeeper; ${HUB}/r/bitnami/zookeeper`,
  ),
  entry('consul', 'Consul', 'coordination store', ['consul'], `${HUB}/r/hashicorp/consul`),
  // message brokers for back-end services
  entry(
    'rabbitmq',
    'RabbitMQ',
    'message broker',
    ['rabbitmq'],
    `${HUB}/_/rabbitmq (the image allows the default guest user from outside the container: loopback_users.guest = false); ${HUB}/r/bitnami/rabbitmq`,
  ),
  entry(
    'kafka',
    'Apache Kafka',
    'message broker',
    ['kafka', 'cp-kafka'],
    `${HUB}/r/apache/kafka; ${HUB}/r/confluentinc/cp-kafka; ${HUB}/r/bitnami/kafka`,
  ),
  entry(
    'redpanda',
    'Redpanda',
    'message broker',
    ['redpanda'],
    `${HUB}/r/redpandadata/redpanda; https://docs.redpanda.com/current/get-started/quick-start/ (docker.redpanda.com/redpandadata/redpanda)`,
  ),
  entry(
    'activemq',
    'Apache ActiveMQ',
    'message broker',
    ['activemq', 'activemq-classic', 'activemq-artemis'],
    `${HUB}/r/apache/activemq-classic; ${HUB}/r/apache/activemq-artemis`,
  ),
];

const byName = new Map<string, DatastoreImage>();
const byRepository = new Map<string, DatastoreImage>();
for (const e of DATASTORE_IMAGES) {
  for (const n of e.names) byName.set(n, e);
  for (const r of e.repositories ?? []) byRepository.set(r, e);
}

/** The datastore a fully qualified repository (`docker.io/library/postgres`, `docker.io/bitnami/redis`) runs, if any. */
export function datastoreImage(repository: string): DatastoreImage | undefined {
  const repo = repository.toLowerCase();
  const exact = byRepository.get(repo);
  if (exact) return exact;
  return byName.get(repo.slice(repo.lastIndexOf('/') + 1));
}
