/**
 * The CPU, memory and process limits Bulkhead proposes for an application service: the hardened Compose template
 * writes them, and compose-no-resource-limits' fix adds those a service lacks. A starting point that fits a typical
 * web or worker process, to be sized for the service, not a recommendation.
 */
export const SERVICE_LIMITS = { cpus: '1.0', memory: '512M', pids: 256 } as const;
