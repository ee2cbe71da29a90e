import type { components } from "./schema";

/** The server's OpenAPI marks numbers as `number | string` (lenient reading); it always writes numbers. */
type Strict<T> = [number] extends [T]
  ? Exclude<T, string>
  : T extends (infer U)[]
    ? Strict<U>[]
    : T extends object
      ? { [K in keyof T]: Strict<T[K]> }
      : T;

type Schemas = components["schemas"];
export type Host = Strict<Schemas["HostDto"]>;
/** `site` left empty: the orchestrator's own site (site.name). */
export type HostRequest = { name: string; mac: string; wolBroadcast: string; expectedSpec: string; site?: string };
export type RunSummary = Strict<Schemas["RunSummaryDto"]>;
export type Run = Strict<Schemas["RunDto"]>;
export type Stage = Strict<Schemas["StageDto"]>;
export type SpecDiff = Strict<Schemas["SpecDiffDto"]>;
export type Measurement = Strict<Schemas["MeasurementDto"]>;
export type Hold = Strict<Schemas["HoldDto"]>;
export type Failure = Strict<Schemas["FailureDto"]>;
export type Artifact = Strict<Schemas["ArtifactDto"]>;
export type Progress = Strict<Schemas["RunProgressDto"]>;

/** The SSE `run` event: the run's summary fields (a subset of Run). */
export type RunEvent = Pick<RunSummary, "id" | "hostId" | "state" | "profile" | "createdAt" | "startedAt" | "endedAt"> & {
  hostName?: string | null;
  failure?: Failure | null;
  /** The run's change counter at the announced commit; a later change has a higher one. */
  stamp?: number;
};
/** The SSE `host` event. */
export type HostEvent = Pick<Host, "id" | "name" | "mac" | "wolBroadcast" | "updatedAt"> & { deleted: boolean };
