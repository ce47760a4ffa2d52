import { App, TerraformStack, Tokenization } from "cdktf";
import type { Construct } from "constructs";

/** What cdktf's reference to a resource attribute holds (`ref()` of cdktf's expressions). */
interface AttributeReference {
  readonly identifier: string;
  readonly originStack?: TerraformStack;
  /** The reference within each other stack it is read in, by stack path (set by cdktf while preparing the stacks). */
  readonly crossStackIdentifier: Record<string, string>;
}

function isAttributeReference(token: unknown): token is AttributeReference {
  const t = token as AttributeReference;
  return typeof t.identifier === "string" && t.originStack instanceof TerraformStack && typeof t.crossStackIdentifier === "object";
}

/**
 * Makes the references a registry value (one attribute of a resource, such as a group's object ID) needs to be read
 * in the stack of `scope`, and returns the value unchanged. From another stack, that is the stack's cross-stack output
 * and this stack's remote state of it: cdktf's own cross-stack reference (`App.crossStackReference`, with the same
 * output, data source and names), made when the construct is built instead of when cdktf prepares the stacks, which
 * resolves every stack once more to find them. The value itself stays cdktf's token, which resolves within its own
 * stack and within every stack it was made readable in, as cdktf's preparing pass would leave it.
 */
export function readableIn(scope: Construct, value: string): string {
  const stack = TerraformStack.of(scope);
  for (const token of Tokenization.reverseString(value).tokens) {
    if (!isAttributeReference(token) || token.originStack === stack) continue;
    const key = stack.toString();
    if (token.crossStackIdentifier[key] === undefined)
      token.crossStackIdentifier[key] = App.of(stack).crossStackReference(token.originStack!, stack, token.identifier);
  }
  return value;
}
