import { describe, expect, it } from "vitest";
import { terraformJson, terraformText } from "../../src/constructs/private/terraform-text";

describe("terraformText", () => {
  it.each([
    ['${file("/proc/self/environ")}', '$${file("/proc/self/environ")}'],
    ["%{ if true }x%{ endif }", "%%{ if true }x%%{ endif }"],
    // Terraform reads $$${ as $${ and %%%{ as %%{: text that already looks escaped stays exact too.
    ["$${x} %%{y}", "$$${x} %%%{y}"],
    ["costs $5 {a} 100% {b}", "costs $5 {a} 100% {b}"],
  ])("escapes %s for Terraform as %s", (text, escaped) => {
    expect(terraformText(text)).toBe(escaped);
  });

  it("leaves cdktf tokens (references to other objects) for cdktf to resolve", () => {
    expect(terraformText("${TfToken[TOKEN.12]} owns ${x}")).toBe("${TfToken[TOKEN.12]} owns $${x}");
  });

  it("escapes every string inside a JSON value, keys untouched", () => {
    expect(terraformJson({ "${k}": ["%{a}", 1, true, null, { b: "${c}" }] })).toEqual({ "${k}": ["%%{a}", 1, true, null, { b: "$${c}" }] });
  });
});
