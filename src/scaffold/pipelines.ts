import { readdir, readFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { IDAC_VERSION, PACKAGE_ROOT } from "../package-files";

/**
 * idac's GitHub repository as `owner/name`, from the `repository` of its package.json: the one place it is kept.
 * The scaffolded workflows reference its actions, the Azure DevOps pull request pipeline its gate template.
 */
export function idacRepository(packageJsonText: string): string {
  const url = (JSON.parse(packageJsonText) as { repository?: { url?: string } | string }).repository;
  const text = typeof url === "string" ? url : (url?.url ?? "");
  const match = /github\.com[/:]([^/]+\/[^/.]+)/.exec(text) ?? /^(?:github:)?([^/:]+\/[^/.]+)$/.exec(text);
  if (!match) throw new Error(`idac's package.json has no GitHub repository ('${text}'): the pipelines cannot reference its actions.`);
  return match[1]!;
}

/**
 * A workflow of idac's repository as an organisation's repository runs it: the actions at idac's version tag
 * instead of this repository's folder, and the gate's idac from the protected checkout's node_modules.
 */
export function organisationWorkflow(text: string, repository: string, version: string): string {
  return text
    .replace(/uses: \.\/(?:base\/)?\.github\/actions\/([a-z-]+)/g, (_m, action: string) => `uses: ${repository}/.github/actions/${action}@v${version}`)
    .replaceAll("node base/bin/idac.js", "node base/node_modules/idac/bin/idac.js")
    .replace(
      new RegExp(
        [
          "^( *)# Only the actions folder of the pull request's checkout.*\\n\\1- uses: ",
          "actions\\/checkout@v4\\n\\1 {2}with:\\n\\1 {4}sparse-checkout: \\.github\\/actions\\n\\1 ",
          "{4}persist-credentials: false\\n",
        ].join(""),
        "m",
      ),
      "",
    );
}

/** The organisation's Azure DevOps pull request pipeline: the gate template from idac's repository at its version tag. */
export function organisationPullRequestPipeline(repository: string, version: string): string {
  return `# Azure DevOps: every pull request to main. Azure DevOps reads this file from the pull request's branch, so it does
# nothing itself: it extends idac's gate template at a version tag (repository resource \`idac\`), which checks out
# this repository's PROTECTED main branch (resource \`protected\`) and runs only its installed idac. Protect the
# read-only service connection and the \`idac-gate\` variable group with a "Required template" check that demands
# azure-pipelines/templates/pull-request.yml@idac at refs/tags/v${version}: a pull request that edits this file to
# skip the gate loses access to both. Upgrading idac: bump the tag here, in the check and in package.json.
trigger: none
pr:
  branches:
    include: [main]

resources:
  repositories:
    - repository: protected
      type: git
      name: REPLACE-ME-PROJECT/REPLACE-ME-REPOSITORY # this repository (<project>/<repository>), read at the protected branch
      ref: refs/heads/main
    - repository: idac
      type: github
      endpoint: idac-github # a GitHub service connection that can read ${repository}
      name: ${repository}
      ref: refs/tags/v${version}

extends:
  template: azure-pipelines/templates/pull-request.yml@idac
  parameters:
    idac: node_modules/idac/bin/idac.js
`;
}

/** Writes the organisation's GitHub workflows and Azure DevOps pipelines into `dir`, from idac's own. */
export async function writePipelines(dir: string): Promise<void> {
  const repository = idacRepository(await readFile(path.join(PACKAGE_ROOT, "package.json"), "utf8"));
  const workflows = path.join(PACKAGE_ROOT, ".github", "workflows");
  await mkdir(path.join(dir, ".github", "workflows"), { recursive: true });
  for (const f of (await readdir(workflows)).filter((f) => f.endsWith(".yml")).sort()) {
    await writeFile(path.join(dir, ".github", "workflows", f), organisationWorkflow(await readFile(path.join(workflows, f), "utf8"), repository, IDAC_VERSION));
  }
  const ado = path.join(PACKAGE_ROOT, "azure-pipelines");
  await mkdir(path.join(dir, "azure-pipelines"), { recursive: true });
  for (const f of ["main.yml", "drift.yml"]) await writeFile(path.join(dir, "azure-pipelines", f), await readFile(path.join(ado, f), "utf8"));
  await writeFile(path.join(dir, "azure-pipelines", "pull-request.yml"), organisationPullRequestPipeline(repository, IDAC_VERSION));
}
