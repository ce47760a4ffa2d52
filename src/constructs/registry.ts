/**
 * Object IDs of what idac creates, by catalog ID, across all stacks of one environment. A construct in one stack
 * that needs an object from another stack asks here; cdktf turns the token into a cross-stack reference.
 */
export class Registry {
  private readonly values = new Map<string, string>();

  /** @param parent where lookups go when this registry has no value (an overlay for retired entries) */
  constructor(private readonly parent?: Registry) {}

  set(kind: RegistryKind, catalogId: string, value: string): void {
    const key = `${kind}:${catalogId}`;
    if (this.values.has(key)) throw new Error(`internal: ${key} registered twice`);
    this.values.set(key, value);
  }

  get(kind: RegistryKind, catalogId: string): string {
    const value = this.values.get(`${kind}:${catalogId}`) ?? this.parent?.tryGet(kind, catalogId);
    if (value === undefined) throw new Error(`internal: ${kind} '${catalogId}' used before it was created`);
    return value;
  }

  private tryGet(kind: RegistryKind, catalogId: string): string | undefined {
    return this.values.get(`${kind}:${catalogId}`) ?? this.parent?.tryGet(kind, catalogId);
  }
}

export type RegistryKind =
  | "administrativeUnit"
  | "group"
  | "roleGroup"
  | "accessPackageCatalog"
  | "namedLocation"
  | "authenticationStrength"
  | "directoryRole";
