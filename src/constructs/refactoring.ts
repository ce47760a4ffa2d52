import type { TerraformResource, TerraformStack } from "cdktf";

/**
 * Collects the `moved`, `removed` and `import` blocks of one stack, so that renaming a catalog ID moves state instead of
 * destroying and recreating the object, and retiring an entry can forget it without deleting it in the tenant.
 * Blocks are emitted sorted, so their order never depends on catalog order.
 * @see https://developer.hashicorp.com/terraform/language/modules/develop/refactoring
 */
export class Refactoring {
  private readonly moves = new Map<string, string>();
  private readonly forgotten = new Set<string>();
  private readonly imports = new Map<string, string>();

  /** Records that `resource` was known under each of `previousLogicalIds` (same resource type). */
  moved(resource: TerraformResource, previousLogicalIds: readonly string[]): void {
    const to = `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
    for (const previous of previousLogicalIds) {
      const from = `${resource.terraformResourceType}.${previous}`;
      if (from !== to) this.moves.set(from, to);
    }
  }

  /** The addresses moved blocks of this stack move to `address` (the resource's addresses under previous IDs). */
  previousAddresses(address: string): string[] {
    return [...this.moves]
      .filter(([, to]) => to === address)
      .map(([from]) => from)
      .sort();
  }

  /** Records that the object at `address` leaves Terraform's management without being destroyed. */
  forget(address: string): void {
    this.forgotten.add(address);
  }

  /**
   * Records that the existing object `id` (an import ID, which may reference other values known at plan time) is
   * imported at `address`: an object another stack managed until now.
   */
  imported(address: string, id: string): void {
    this.imports.set(address, id);
  }

  /** Writes the blocks into the stack's configuration. */
  applyTo(stack: TerraformStack): void {
    if (this.moves.size) {
      stack.addOverride(
        "moved",
        [...this.moves].sort(([a], [b]) => (a < b ? -1 : 1)).map(([from, to]) => ({ from, to })),
      );
    }
    if (this.forgotten.size) {
      stack.addOverride(
        "removed",
        [...this.forgotten].sort().map((from) => ({ from, lifecycle: { destroy: false } })),
      );
    }
    // Appended to the import blocks of adopted objects (cdktf concatenates lists of overrides).
    if (this.imports.size) {
      stack.addOverride(
        "import",
        [...this.imports].sort(([a], [b]) => (a < b ? -1 : 1)).map(([to, id]) => ({ to, id })),
      );
    }
  }
}
