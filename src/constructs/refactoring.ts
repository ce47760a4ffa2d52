import type { TerraformResource, TerraformStack } from "cdktf";

/**
 * Collects the `moved` and `removed` blocks of one stack, so that renaming a catalog ID moves state instead of
 * destroying and recreating the object, and retiring an entry can forget it without deleting it in the tenant.
 * Blocks are emitted sorted, so their order never depends on catalog order.
 * @see https://developer.hashicorp.com/terraform/language/modules/develop/refactoring
 */
export class Refactoring {
  private readonly moves = new Map<string, string>();
  private readonly forgotten = new Set<string>();

  /** Records that `resource` was known under each of `previousLogicalIds` (same resource type). */
  moved(resource: TerraformResource, previousLogicalIds: readonly string[]): void {
    const to = `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
    for (const previous of previousLogicalIds) {
      const from = `${resource.terraformResourceType}.${previous}`;
      if (from !== to) this.moves.set(from, to);
    }
  }

  /** Records that the object at `address` leaves Terraform's management without being destroyed. */
  forget(address: string): void {
    this.forgotten.add(address);
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
  }
}
