import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const GH = path.join(ROOT, ".github/workflows");
const ADO = path.join(ROOT, "azure-pipelines");

async function files(dir: string): Promise<[string, string][]> {
  return Promise.all((await readdir(dir)).filter((f) => f.endsWith(".yml")).sort().map(async (f) => [f, await readFile(path.join(dir, f), "utf8")] as [string, string]));
}

type Workflow = { on: Record<string, unknown>; jobs: Record<string, { environment?: unknown; env?: Record<string, string>; steps: { run?: string }[]; concurrency?: unknown }> };

describe("GitHub Actions workflows", () => {
  it("are valid against the GitHub Actions workflow schema", async () => {
    const list = await files(GH);
    expect(list.map(([f]) => f)).toEqual(["idac-apply.yml", "idac-drift.yml", "idac-pull-request.yml"]);
    for (const [name, text] of list) expect(validateWorkflow(text).errors, name).toEqual([]);
  });

  it("hold no client secret anywhere", async () => {
    for (const [name, text] of [...(await files(GH)), ...(await files(ADO))]) expect(text, name).not.toMatch(/client[-_]?secret|ARM_CLIENT_SECRET|AZURE_CLIENT_SECRET/i);
  });

  it("apply only saved plan files, never -auto-approve without one", async () => {
    for (const [name, text] of [...(await files(GH)), ...(await files(ADO))]) {
      for (const line of text.split("\n").filter((l) => /(^|\s)terraform( -chdir=\S+)? apply\b/.test(l) && !/name:/.test(l))) {
        expect(line, name).toMatch(/plan\.tfplan\s*$/);
        expect(line, name).not.toMatch(/-auto-approve/);
      }
    }
  });

  it("never give a pull request job the write identity", async () => {
    const pr = parse(await readFile(path.join(GH, "idac-pull-request.yml"), "utf8")) as Workflow;
    expect(Object.keys(pr.on)).toEqual(["pull_request"]);
    const text = JSON.stringify(pr);
    expect(text).not.toMatch(/APPLY_CLIENT_ID/);
    for (const job of Object.values(pr.jobs)) expect(job.environment).toBeUndefined();
    expect(pr.jobs.plan!.env!.ARM_CLIENT_ID).toBe("${{ vars.IDAC_PLAN_CLIENT_ID }}");
  });

  it("reach the write identity only from the protected environment on main, one stack at a time, CA with -parallelism=1", async () => {
    const text = await readFile(path.join(GH, "idac-apply.yml"), "utf8");
    const wf = parse(text) as Workflow;
    expect(wf.on).toEqual({ push: { branches: ["main"] } });
    const jobsWithWrite = Object.entries(wf.jobs).filter(([, j]) => JSON.stringify(j).includes("IDAC_APPLY_CLIENT_ID"));
    expect(jobsWithWrite.map(([n]) => n)).toEqual(["apply"]);
    expect(wf.jobs.apply!.environment).toBe("production");
    expect(wf.jobs.apply!.concurrency).toEqual({ group: "idac-stack-${{ matrix.stack }}", "cancel-in-progress": false });
    expect(text).toMatch(/\*-conditional-access\) parallelism=1/);
    expect(text).toMatch(/differs from the one reviewed/);
  });

  it("read terraform's exit codes correctly: 0 no changes, 2 changes, 1 an error", async () => {
    for (const [name, text] of [...(await files(GH)), ...(await files(ADO))]) {
      const plans = text.split("\n").filter((l) => /(^|\s)terraform( -chdir=\S+)? plan\b/.test(l) && !/name:/.test(l));
      for (const line of plans) expect(line, name).toMatch(/-detailed-exitcode/);
      if (plans.length) expect(text, name).toMatch(/code=\$\?/);
      expect(text, name).not.toMatch(/terraform_wrapper: true/);
    }
  });

  it("detect drift nightly without ever applying", async () => {
    const text = await readFile(path.join(GH, "idac-drift.yml"), "utf8");
    expect((parse(text) as Workflow).on).toHaveProperty("schedule");
    expect(text).not.toMatch(/terraform( -chdir=\S+)? apply\b/);
    expect(text).not.toMatch(/APPLY_CLIENT_ID/);
    expect(text).toMatch(/gh issue (create|edit)/);
    // Objects made in the portal: a read-only Graph export compared with the catalog, with the plan identity.
    const tenant = (parse(text) as Workflow).jobs.tenant!;
    expect(JSON.stringify(tenant)).toMatch(/npx idac export --out graph-export/);
    expect(JSON.stringify(tenant)).toMatch(/npx idac drift --from graph-export/);
    expect(JSON.stringify(tenant)).toMatch(/IDAC_PLAN_CLIENT_ID/);
  });
});

describe("Azure DevOps pipelines", () => {
  it("are YAML with triggers, a read-only connection for pull requests and drift, and the write one only in a deployment job", async () => {
    const list = await files(ADO);
    expect(list.map(([f]) => f)).toEqual(["drift.yml", "main.yml", "pull-request.yml"]);
    for (const [name, text] of list) expect(() => parse(text), name).not.toThrow();
    const byName = Object.fromEntries(list);
    expect(byName["pull-request.yml"]).not.toMatch(/idac-apply/);
    expect(byName["drift.yml"]).not.toMatch(/idac-apply|\bapply -/);
    expect(byName["main.yml"]).toMatch(/deployment: apply[\s\S]*environment: idac-production/);
  });
});
