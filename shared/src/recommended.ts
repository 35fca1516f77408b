/**
 * The release lines Bulkhead recommends, one source for both: the hardened templates build on them, and
 * image-end-of-life offers them beside the oldest supported successor of an ended release. Each is a release of
 * server/src/data/baseImageEol.ts that is supported and not interim (a test holds them to that table). Keys are that
 * table's product ids.
 */
export const RECOMMENDED_RELEASES = {
  alpine: '3.23',
  node: '26',
  python: '3.14',
  golang: '1.26',
  dotnet: '10.0',
  // the long-term-support line the Maven template's JRE uses
  'eclipse-temurin': '21',
} as const;

export type RecommendedProduct = keyof typeof RECOMMENDED_RELEASES;
