import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const GH = path.join(ROOT, ".github/workflows");
const ADO = path.join(ROOT, "azure-pipelines");

async function files(dir: string): Promise<[string, string][]> {
  return Promise.all(
    (await readdir(dir))
      .filter((f) => f.endsWith(".yml"))
      .sort()
      .map(async (f) => [f, await readFile(path.join(dir, f), "utf8")] as [string, string]),
  );
}

type Step = { run?: string; uses?: string; with?: Record<string, unknown>; env?: Record<string, string>; "working-directory"?: string };
type Workflow = {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { if?: string; environment?: unknown; env?: Record<string, string>; steps: Step[]; concurrency?: unknown }>;
};

describe("GitHub Actions workflows", () => {
  it("are valid against the GitHub Actions workflow schema", async () => {
    const list = await files(GH);
    expect(list.map(([f]) => f)).toEqual(["idac-apply.yml", "idac-drift.yml", "idac-gate.yml", "idac-pull-request.yml"]);
    for (const [name, text] of list) expect(validateWorkflow(text).errors, name).toEqual([]);
  });

  it("hold no client secret anywhere", async () => {
    for (const [name, text] of [...(await files(GH)), ...(await files(ADO))])
      expect(text, name).not.toMatch(/client[-_]?secret|ARM_CLIENT_SECRET|AZURE_CLIENT_SECRET/i);
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

  it("stay within the tenant's Graph limits: CA one request at a time, access stacks applied one at a time, 4 plan jobs at once", async () => {
    const plan = await readFile(path.join(ROOT, ".github/actions/plan/action.yml"), "utf8");
    const pipelines = [
      ...(await files(GH)),
      ...(await files(ADO)),
      ...(await files(path.join(ADO, "templates"))),
      ["plan/action.yml", plan] as [string, string],
    ];
    for (const [name, text] of pipelines) {
      const commands = text
        .replace(/\\\n\s*/g, "")
        .split("\n")
        .filter((l) => /terraform -chdir=\S+ (plan|apply) /.test(l));
      for (const line of commands) expect(line, name).toContain('-parallelism="$parallelism"');
      if (commands.length) expect(text, name).toMatch(/\*-conditional-access\) parallelism=1/);
      if (commands.some((l) => / apply /.test(l))) expect(text, name).toMatch(/\*-access-\*\) parallelism=1/);
    }
    const matrixJobs = [
      ["idac-pull-request.yml", "plan"],
      ["idac-drift.yml", "drift"],
    ] as const;
    for (const [file, job] of matrixJobs) {
      const wf = parse(await readFile(path.join(GH, file), "utf8")) as { jobs: Record<string, { strategy?: { "max-parallel"?: number } }> };
      expect(wf.jobs[job]!.strategy!["max-parallel"], file).toBe(4);
    }
  });

  it("take the reviewed fingerprint only from comments of the gate's own app, as a whole line", async () => {
    const wf = parse(await readFile(path.join(GH, "idac-apply.yml"), "utf8")) as Workflow;
    const step = wf.jobs.apply!.steps.find((s) => s.run?.includes("idac-fingerprint"))!;
    expect(step.env).toEqual({ GATE_BOT: "${{ vars.IDAC_GATE_BOT }}" });
    expect(step.run).toMatch(/if \[ -z "\$GATE_BOT" \]; then .*exit 1; fi/);
    expect(step.run).toContain('select(.user.login == \\"$GATE_BOT\\" and .user.type == \\"Bot\\")');
    expect(step.run).toContain('grep -E "^<!-- idac-fingerprint stack=${{ matrix.stack }} sha256=[0-9a-f]{64} -->$"');
    expect(step.run).toMatch(/if \[ -z "\$reviewed" \] \|\| \[ "\$reviewed" != "\$planned" \]/);
    expect(step.run).toMatch(/select\(\.actor != \$author/);
    expect(step.run).toMatch(/npx idac plan-gate .* --base "\$\{\{ needs\.prepare\.outputs\.base \}\}" --allow "\$labels"/);
  });
});

describe("the pull request gate (GitHub Actions)", () => {
  const load = async (f: string) => parse(await readFile(path.join(GH, f), "utf8")) as Workflow;

  it("decides nothing in the pull request's own workflow, which runs the pull request's code", async () => {
    const pr = await load("idac-pull-request.yml");
    expect(pr.permissions).toEqual({ contents: "read", "id-token": "write" });
    const text = JSON.stringify(pr);
    expect(text).not.toMatch(/plan-gate|plan-summary|sticky-pull-request-comment|statuses/);
  });

  it(
    "refuses security-events: write to every job that runs the pull request's code: only " +
      "the SARIF upload job has it, and it runs no code of the pull request",
    async () => {
      const pr = (await load("idac-pull-request.yml")) as Workflow & { jobs: Record<string, { permissions?: Record<string, string>; needs?: string }> };
      const withWrite = Object.entries(pr.jobs).filter(([, j]) => j.permissions?.["security-events"] === "write");
      expect(withWrite.map(([n]) => n)).toEqual(["code-scanning"]);
      const job = pr.jobs["code-scanning"]!;
      expect(job.permissions).toEqual({ contents: "read", actions: "read", "security-events": "write" });
      expect(job.needs).toBe("validate");
      expect(job.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
      expect(job.steps.map((s) => s.uses)).toEqual(["actions/download-artifact@v4", "github/codeql-action/upload-sarif@v3"]);
      expect(job.steps.every((s) => s.run === undefined)).toBe(true);
      const validate = pr.jobs.validate!.steps.find((s) => s.run?.includes("idac validate"))!;
      expect(validate.run).toContain("--sarif idac.sarif");
    },
  );

  it("runs from the default branch's definition after the pull request workflow, with the default branch's code", async () => {
    const gate = await load("idac-gate.yml");
    expect(gate.on).toEqual({ workflow_run: { workflows: ["idac pull request"], types: ["completed"] } });
    expect(gate.permissions).toEqual({ contents: "read", actions: "read" });
    const job = gate.jobs.gate!;
    expect(job.if).toBe("github.event.workflow_run.event == 'pull_request'");
    expect(job.environment).toBe("idac-gate");
    const checkout = job.steps.find((s) => s.uses?.startsWith("actions/checkout"))!;
    // No ref: the default branch. The pull request's head is only ever a worktree read as data.
    expect(checkout.with).toEqual({ path: "base", "fetch-depth": 0, "persist-credentials": false });
    expect(job.steps.filter((s) => s.uses?.startsWith("actions/checkout"))).toHaveLength(1);
    expect(job.steps.map((s) => s.run ?? "").join("\n")).toContain('git -C base worktree add --detach ../pr "$HEAD_SHA"');
    expect(job.env!.HEAD_SHA).toBe("${{ github.event.workflow_run.head_sha }}");
  });

  it("never runs anything from the pull request's checkout: every idac call is the base's, every install is the base's", async () => {
    const job = (await load("idac-gate.yml")).jobs.gate!;
    const runs = job.steps.map((s) => s.run ?? "").join("\n");
    expect(runs).not.toMatch(/\bnpx\b|\btsx\b|npm (test|start|run)|bash pr\/|\.\/pr\/|node pr\//);
    expect(runs).not.toMatch(/npm ci/);
    // The only install is the setup action of the base's checkout, on the base's lock file.
    const local = job.steps.filter((s) => s.uses?.startsWith("./"));
    expect(local).toEqual([expect.objectContaining({ uses: "./base/.github/actions/setup", with: expect.objectContaining({ "working-directory": "base" }) })]);
    const idac = runs.match(/node \S+ (validate|plan-summary|plan-gate)/g)!;
    expect(idac.length).toBe(3);
    for (const call of idac) expect(call).toMatch(/^node base\/bin\/idac\.js /);
    for (const call of runs.match(/base\/bin\/idac\.js [a-z-]+ .*/g)!)
      expect(call).toMatch(/--catalog pr --base "\$\(git -C base rev-parse HEAD\)"|--catalog pr --base "\$base_sha"/);
    const download = job.steps.find((s) => s.uses?.startsWith("actions/download-artifact"))!;
    expect(download.with).toMatchObject({ path: "untrusted-plans", "run-id": "${{ github.event.workflow_run.id }}" });
  });

  it("counts only labels applied by someone other than the pull request's author, and still on it", async () => {
    const job = (await load("idac-gate.yml")).jobs.gate!;
    const labels = job.steps.find((s) => s.run?.includes("issues/$pr/events"))!.run!;
    expect(labels).toContain('select(.event == "labeled")');
    expect(labels).toContain("group_by(.label)[] | last | select(.actor != $author and (.label | IN($current[])))");
  });

  it("writes the comment and the idac/gate status with its own app identity, failing closed", async () => {
    const job = (await load("idac-gate.yml")).jobs.gate!;
    const app = job.steps.find((s) => s.uses?.startsWith("actions/create-github-app-token"))!;
    expect(app.with).toEqual({ "app-id": "${{ vars.IDAC_GATE_APP_ID }}", "private-key": "${{ secrets.IDAC_GATE_APP_PRIVATE_KEY }}" });
    const comment = job.steps.find((s) => s.uses?.startsWith("marocchino/sticky-pull-request-comment"))!;
    expect(comment.with).toMatchObject({ GITHUB_TOKEN: "${{ steps.app.outputs.token }}", number: "${{ steps.pr.outputs.number }}" });
    const status = job.steps.find((s) => s.run?.includes("statuses/$HEAD_SHA"))!;
    expect(status.env!.GH_TOKEN).toBe("${{ steps.app.outputs.token }}");
    expect(status.run).toContain("state=failure");
    expect(status.run).toContain('if [ "$RUN_CONCLUSION" = "success" ] && [ "$VALIDATE" = "0" ] && [ "$GATE" = "0" ]; then state=success; fi');
  });
});

describe("CODEOWNERS", () => {
  it("proposes owners for the environments, the guardrail configuration, organisation rules, TypeScript stacks and the pipelines", async () => {
    const text = await readFile(path.join(ROOT, ".github/CODEOWNERS"), "utf8");
    for (const p of [
      "/environments/",
      "/policies/guardrails.yaml",
      "/policies/sod.yaml",
      "/policies/personas.yaml",
      "/.github/",
      "/azure-pipelines/",
      "/package-lock.json",
      "/rules/",
      "/stacks/",
      "/idac.yaml",
    ]) {
      expect(text).toMatch(new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\\s+@`, "m"));
    }
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

  it("read the pull request gate from the protected branch, never from the pull request", async () => {
    const pr = parse(await readFile(path.join(ADO, "pull-request.yml"), "utf8")) as {
      resources: { repositories: { repository: string; ref: string }[] };
      extends: { template: string };
      steps?: unknown;
    };
    expect(pr.resources.repositories).toEqual([expect.objectContaining({ repository: "protected", ref: "refs/heads/main" })]);
    expect(pr.extends).toEqual({ template: "azure-pipelines/templates/pull-request.yml@protected" });
    expect(pr.steps).toBeUndefined();
  });

  it("run the gate job with the base's code only, and sign the reviewed fingerprints", async () => {
    const text = await readFile(path.join(ADO, "templates/pull-request.yml"), "utf8");
    const t = parse(text) as {
      stages: {
        jobs: { job: string; variables?: unknown; steps: { script?: string; checkout?: string; task?: string; inputs?: { inlineScript?: string } }[] }[];
      }[];
    };
    const [checks, gate] = t.stages[0]!.jobs;
    expect(JSON.stringify(checks!)).not.toMatch(/idac-gate|planConnection|AzureCLI/);
    const scripts = gate!.steps.map((s) => s.script ?? s.inputs?.inlineScript ?? "").join("\n");
    expect(scripts).not.toMatch(/\bnpx\b|npm (test|start|run)/);
    expect(scripts.match(/npm ci.*/g)).toEqual(["npm ci --prefix base"]);
    const calls = scripts.match(/\bnode [^\n]*/g)!;
    expect(calls.length).toBe(5);
    for (const call of calls) expect(call).toMatch(/^node base\/\$\{\{ parameters\.idac \}\} /);
    // The path is one of two fixed values: a pull request's pipeline file cannot point the gate at its own code.
    const idacParameter = (parse(text) as { parameters: { name: string; values: string[] }[] }).parameters.find((p) => p.name === "idac")!;
    expect(idacParameter.values).toEqual(["bin/idac.js", "node_modules/idac/bin/idac.js"]);
    expect(scripts).toContain('openssl dgst -sha256 -hmac "$IDAC_GATE_KEY"');
    const main = await readFile(path.join(ADO, "main.yml"), "utf8");
    expect(main).toContain('grep -qx "<!-- idac-signature pr=$pr stack=$stack sha256=$planned hmac=$mac -->"');
    expect(main).not.toMatch(/IDAC_REVIEWED_FINGERPRINTS/);
  });
});
