/**
 * The manifest JSON the serving constructs render directly. Fields that are not set are left out
 * (never set to undefined), with the upstream JSON field names.
 */
export type JsonObject = Record<string, unknown>;
