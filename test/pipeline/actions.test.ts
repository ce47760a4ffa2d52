import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { validateAction, validateWorkflow } from "@action-validator/core";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { idacRepository, organisationPullRequestPipeline, organisationWorkflow } from "../../src/scaffold/pipelines";

const ROOT = path.resolve(__dirname, "../..");
const ACTIONS = path.join(ROOT, ".github/actions");
const GH = path.join(ROOT, ".github/workflows");

type Step = { run?: string; uses?: string; shell?: string; env?: Record<string, string>; with?: Record<string, unknown>; if?: string };
type Action = { runs: { using: string; steps: Step[] }; inputs: Record<string, { default?: string; required?: boolean }> };

async function actions(): Promise<[string, string][]> {
  return Promise.all((await readdir(ACTIONS)).sort().map(async (a) => [a, await readFile(path.join(ACTIONS, a, "action.yml"), "utf8")] as [string, string]));
}

describe("the composite actions organisations reference at idac's version", () => {
  it("are valid against the GitHub Actions action schema", async () => {
    const list = await actions();
    expect(list.map(([a]) => a)).toEqual(["plan", "setup"]);
    for (const [name, text] of list) expect(validateAction(text).errors, name).toEqual([]);
  });

  it("never put an input into a script's text: inputs reach the shell as environment variables", async () => {
    for (const [name, text] of await actions()) {
      const action = parse(text) as Action;
      for (const step of action.runs.steps) if (step.run) expect(step.run, name).not.toMatch(/\$\{\{/);
    }
  });

  it("hold no client secret and read terraform's exit codes (0 no changes, 2 changes, 1 an error)", async () => {
    for (const [name, text] of await actions()) {
      expect(text, name).not.toMatch(/client[-_]?secret|ARM_CLIENT_SECRET|AZURE_CLIENT_SECRET/i);
      expect(text, name).not.toMatch(/-auto-approve|terraform_wrapper: true/);
    }
    const plan = (parse((await actions()).find(([a]) => a === "plan")![1]) as Action).runs.steps[0]!.run!;
    expect(plan).toMatch(/plan -input=false -lock-timeout=5m -detailed-exitcode -out=plan\.tfplan/);
    expect(plan).toMatch(/code=\$\?/);
    expect(plan).toContain('if [ "$code" -ne 0 ] && [ "$code" -ne 2 ]; then');
    // A stack name that is not one (a path, a shell word) stops the step before terraform sees it.
    expect(plan.split("\n")[0]).toBe('case "$STACK" in ""|*[!a-z0-9-]*) echo "::error::not a stack name: $STACK"; exit 1;; esac');
  });

  it("install only from the lock file, in the folder the job names", async () => {
    const setup = parse((await actions()).find(([a]) => a === "setup")![1]) as Action;
    const install = setup.runs.steps.find((s) => s.run?.includes("npm"))!;
    expect(install.run).toBe('npm ci --prefix "$IDAC_PACKAGE_DIR"');
    expect(install.env).toEqual({ IDAC_PACKAGE_DIR: "${{ inputs.working-directory }}" });
    expect(setup.runs.steps.find((s) => s.uses?.startsWith("hashicorp/setup-terraform"))).toMatchObject({
      if: "${{ inputs.terraform == 'true' }}",
      with: { terraform_wrapper: false },
    });
  });

  it("are used by this repository's workflows", async () => {
    const used = new Set<string>();
    for (const f of await readdir(GH))
      for (const m of (await readFile(path.join(GH, f), "utf8")).matchAll(/uses: (\.\/(?:base\/)?\.github\/actions\/[a-z-]+)/g)) used.add(m[1]!);
    expect([...used].sort()).toEqual(["./.github/actions/plan", "./.github/actions/setup", "./base/.github/actions/setup"]);
  });
});

describe("an organisation's pipelines", () => {
  const repository = "contoso-identity/idac";

  it("take idac's repository from package.json's repository, in any form npm writes", () => {
    expect(idacRepository(JSON.stringify({ repository: { type: "git", url: "git+https://github.com/contoso-identity/idac.git" } }))).toBe(repository);
    expect(idacRepository(JSON.stringify({ repository: "github:contoso-identity/idac" }))).toBe(repository);
    expect(() => idacRepository(JSON.stringify({}))).toThrow(/no GitHub repository/);
  });

  it("are this repository's workflows with the actions pinned to idac's version tag and the gate running the installed idac", async () => {
    for (const f of (await readdir(GH)).sort()) {
      const text = organisationWorkflow(await readFile(path.join(GH, f), "utf8"), repository, "1.2.3");
      expect(validateWorkflow(text).errors, f).toEqual([]);
      expect(text, f).not.toMatch(/uses: \.\//);
      expect(text, f).not.toMatch(/base\/bin\/idac\.js/);
      for (const m of text.matchAll(/uses: (contoso-identity\/idac\/\S+)/g))
        expect(m[1], f).toMatch(/^contoso-identity\/idac\/\.github\/actions\/(setup|plan)@v1\.2\.3$/);
    }
    const gate = organisationWorkflow(await readFile(path.join(GH, "idac-gate.yml"), "utf8"), repository, "1.2.3");
    expect(gate.match(/node \S+ (validate|plan-summary|plan-gate)/g)!.every((c) => c.startsWith("node base/node_modules/idac/bin/idac.js "))).toBe(true);
    const pr = parse(organisationWorkflow(await readFile(path.join(GH, "idac-pull-request.yml"), "utf8"), repository, "1.2.3")) as {
      jobs: Record<string, { steps: Step[] }>;
    };
    // No checkout in the plan job: the action comes from idac's repository, not from the pull request.
    expect(pr.jobs.plan!.steps.some((s) => s.uses?.startsWith("actions/checkout"))).toBe(false);
  });

  it("extend idac's Azure DevOps gate template at the version tag, with the installed idac (a value the template allows)", async () => {
    const pipeline = parse(organisationPullRequestPipeline(repository, "1.2.3")) as {
      resources: { repositories: { repository: string; name: string; ref: string }[] };
      extends: { template: string; parameters: { idac: string } };
    };
    expect(pipeline.extends.template).toBe("azure-pipelines/templates/pull-request.yml@idac");
    expect(pipeline.resources.repositories).toEqual([
      expect.objectContaining({ repository: "protected", ref: "refs/heads/main" }),
      expect.objectContaining({ repository: "idac", name: repository, ref: "refs/tags/v1.2.3" }),
    ]);
    const template = parse(await readFile(path.join(ROOT, "azure-pipelines/templates/pull-request.yml"), "utf8")) as {
      parameters: { name: string; values: string[] }[];
    };
    expect(template.parameters.find((p) => p.name === "idac")!.values).toContain(pipeline.extends.parameters.idac);
  });
});
