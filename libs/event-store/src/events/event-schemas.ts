/**
 * Schema versions of event data, and the upcasters that lift old shapes to the current one.
 *
 * Stored events are never rewritten: when an event's data shape changes, its type gets a new
 * version and an upcaster from the previous one. Writers always stamp the current version;
 * readers upcast what they read, one version at a time, before any code sees it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each upcaster types the old shape it reads; any lets such a function be listed
export type Upcaster = (data: any) => unknown;

interface EventSchema {
  currentVersion: number;
  /** upcasters[n] turns version n into version n + 1. */
  upcasters: Record<number, Upcaster>;
}

export class EventSchemas {
  private readonly schemas = new Map<string, EventSchema>();
  private fingerprintCache?: string;

  /** Declares that `type` is now at `currentVersion`, with an upcaster from each older version. */
  register(type: string, currentVersion: number, upcasters: Record<number, Upcaster>): void {
    for (let version = 1; version < currentVersion; version += 1) {
      if (!upcasters[version]) throw new Error(`event ${type}: no upcaster from version ${version}`);
    }
    this.schemas.set(type, { currentVersion, upcasters });
    this.fingerprintCache = undefined;
  }

  /**
   * Every type's current version, as one short text: a state folded from upcast events is
   * only as current as this, so a snapshot taken under another fingerprint is not used.
   */
  fingerprint(): string {
    this.fingerprintCache ??= [...this.schemas.entries()]
      .filter(([, schema]) => schema.currentVersion > 1)
      .map(([type, schema]) => `${type}@${schema.currentVersion}`)
      .sort()
      .join(',');
    return this.fingerprintCache;
  }

  currentVersion(type: string): number {
    return this.schemas.get(type)?.currentVersion ?? 1;
  }

  upcast(type: string, version: number, data: unknown): { version: number; data: unknown } {
    const schema = this.schemas.get(type);
    if (!schema) return { version, data };
    let current = data;
    for (let v = version; v < schema.currentVersion; v += 1) current = schema.upcasters[v](current);
    return { version: Math.max(version, schema.currentVersion), data: current };
  }
}
