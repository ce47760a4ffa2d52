import type { Construct } from "constructs";
import type { Entry } from "../model/model";
import { readableIn } from "./private/cross-stack";

/**
 * Object IDs of what idac creates, by catalog ID, across all stacks of one environment. A construct in one stack
 * that needs an object from another stack asks here, through its stack's view of the registry ({@link Registry.at}),
 * which makes the value readable in that stack (cdktf's cross-stack output and remote state, made when the construct
 * is built instead of in a resolution pass over every stack before synthesis).
 * Entries declared in TypeScript (not in the catalog) are kept here too, so other constructs can look them up.
 */
export class Registry {
  private readonly values: Map<string, string>;
  private readonly entries: Map<string, Entry<{ id: string }>>;
  private readonly constructs: Map<string, unknown>;

  /**
   * @param parent where lookups go when this registry has no value (an overlay for retired entries)
   * @param shared the lists of the registry this one is a view of
   * @param stack the stack values are returned for (see {@link Registry.at})
   */
  constructor(
    private readonly parent?: Registry,
    shared?: Registry,
    private readonly stack?: Construct,
  ) {
    this.values = shared?.values ?? new Map();
    this.entries = shared?.entries ?? new Map();
    this.constructs = shared?.constructs ?? new Map();
  }

  /**
   * The same registry, whose values are made readable in `stack`: a value of an object in another stack is read
   * through that stack's output (cross-stack references made here, as cdktf makes them, with the same names).
   */
  at(stack: Construct): Registry {
    return new Registry(this.parent, this, stack);
  }

  set(kind: RegistryKind, catalogId: string, value: string): void {
    const key = `${kind}:${catalogId}`;
    if (this.values.has(key)) throw new Error(`${kind} '${catalogId}' is declared twice in this environment (catalog IDs are unique per kind)`);
    this.values.set(key, value);
  }

  get(kind: RegistryKind, catalogId: string): string {
    const value = this.peek(kind, catalogId);
    return this.stack ? readableIn(this.stack, value) : value;
  }

  /**
   * The value as its construct registered it, not made readable in this registry's stack: for a value this stack
   * does not use but hands to a construct of another stack (cdktf makes it readable there when it prepares the
   * stacks, which it does whenever an extension added constructs).
   */
  peek(kind: RegistryKind, catalogId: string): string {
    const value = this.tryGet(kind, catalogId);
    if (value === undefined) throw new Error(`${kind} '${catalogId}' is used before it is declared in this environment (declare it first, or check the ID)`);
    return value;
  }

  has(kind: RegistryKind, catalogId: string): boolean {
    return this.tryGet(kind, catalogId) !== undefined;
  }

  /** Records an entry declared in TypeScript and the construct that built it. */
  setEntry(kind: RegistryKind, entry: Entry<{ id: string }>, construct: unknown): void {
    this.entries.set(`${kind}:${entry.id}`, entry);
    this.constructs.set(`${kind}:${entry.id}`, construct);
  }

  /** An entry declared in TypeScript, if there is one with this ID. */
  entry<T = Entry<{ id: string }>>(kind: RegistryKind, catalogId: string): T | undefined {
    return (this.entries.get(`${kind}:${catalogId}`) ?? this.parent?.entry(kind, catalogId)) as T | undefined;
  }

  /** The construct that created an object, for constructs that register it (groups). */
  construct<T>(kind: RegistryKind, catalogId: string): T | undefined {
    return (this.constructs.get(`${kind}:${catalogId}`) ?? this.parent?.construct(kind, catalogId)) as T | undefined;
  }

  /** Records the construct that created an object without an entry of its own (catalog groups). */
  setConstruct(kind: RegistryKind, catalogId: string, construct: unknown): void {
    this.constructs.set(`${kind}:${catalogId}`, construct);
  }

  private tryGet(kind: RegistryKind, catalogId: string): string | undefined {
    return this.values.get(`${kind}:${catalogId}`) ?? this.parent?.tryGet(kind, catalogId);
  }
}

export type RegistryKind =
  | "administrativeUnit"
  | "group"
  | "roleGroup"
  | "businessRole"
  | "privilegedRole"
  | "accessPackageCatalog"
  | "namedLocation"
  | "authenticationStrength"
  | "conditionalAccessPolicy"
  | "directoryRole"
  | "accessPackage"
  | "pimGroup"
  | "lifecycleWorkflow";
