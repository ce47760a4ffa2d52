import { Command, Option } from "commander";
import { termText } from "../escape";
import { runCoverage, runWhatIf } from "./commands/coverage";
import { runPermissions } from "./commands/permissions";
import { runReport } from "./commands/report";
import { runChangelog, runDiff } from "./commands/changelog";
import { runCleanup } from "./commands/cleanup";
import { runDrift } from "./commands/drift";
import { runExport } from "./commands/export";
import { runImport } from "./commands/import";
import { runPlanGate, runPlanSummary } from "./commands/plan";
import { ALLOW_FLAGS, DEFAULT_GATE } from "../plan/gate";
import { runMigrate } from "./commands/migrate";
import { runRules } from "./commands/rules";
import { runSchema } from "./commands/schema";
import { runSod } from "./commands/sod";
import { runStacks } from "./commands/stacks";
import { runSynth } from "./commands/synth";
import { runValidate } from "./commands/validate";
import { EXIT } from "./exit-codes";

const catalogOption = () => new Option("-c, --catalog <dir>", "catalog root (holds environments/, roles/, policies/)").default(".");
const baseOptions = (c: Command) =>
  c
    .option("--base <ref>", "git revision to compare with: changes that would replace objects are errors unless the entry says replace: true", "HEAD")
    .option("--no-base", "do not compare with a git revision");
/** `--base`, and whether it is the default HEAD (tolerated outside a repository) rather than one the user named. */
const baseOf = (o: { base?: string | false }, command: Command) => (typeof o.base === "string" ? { base: o.base, ...(command.getOptionValueSource("base") === "default" ? { defaultBase: true } : {}) } : {});
const commaList = (v: string, previous: string[] = []) => [...previous, ...v.split(",").map((x) => x.trim()).filter(Boolean)];
const formatOption = () => new Option("-f, --format <format>", "output format").choices(["human", "json"]).default("human");

/** Wires the commands; each command lives in its own file and returns its exit code. */
export function buildCli(setExitCode: (code: number) => void): Command {
  const program = new Command("idac")
    .description("Identity and access as code for Microsoft Entra ID")
    .showHelpAfterError()
    .exitOverride((err) => {
      // Usage errors (unknown command or option) are invalid input, like an invalid catalog.
      if (err.exitCode === 0) throw err;
      setExitCode(EXIT.invalidInput);
      throw err;
    });

  baseOptions(
    program
      .command("validate")
      .description("check the catalog (schema, references, replacements) and run the guardrails: exit 0 ok, 1 findings, 2 invalid")
      .addOption(catalogOption())
      .addOption(new Option("-f, --format <format>", "output format (sarif: the findings as SARIF 2.1.0 on stdout)").choices(["human", "json", "sarif"]).default("human"))
      .option("--sarif <file>", "also write the findings as SARIF 2.1.0 to this file (GitHub code scanning)")
      .option("--allow <flags>", "comma-separated intent for policy changes against --base: policy-change, break-glass (pull request labels allow-…)", commaList, [] as string[]),
  ).action(async (o, command: Command) => setExitCode(await runValidate({ catalog: o.catalog, format: o.format, allow: o.allow, ...(o.sarif ? { sarif: o.sarif } : {}), ...baseOf(o, command) })));

  baseOptions(
    program
      .command("synth")
      .description("validate, then synthesize Terraform JSON for every stack into cdktf.out/ (nothing is written on error)")
      .addOption(catalogOption())
      .addOption(formatOption())
      .option("-o, --out <dir>", "output folder", "cdktf.out")
      .option("-e, --env <id...>", "only these environments"),
  ).action(async (o, command: Command) => setExitCode(await runSynth({ catalog: o.catalog, out: o.out, format: o.format, ...baseOf(o, command), ...(o.env ? { environments: o.env } : {}) })));

  program
    .command("schema")
    .description("print the JSON Schema of catalog files (or write it with --out)")
    .option("-o, --out <file>", "write to this file")
    .addOption(new Option("--for <file>", "the schema of catalog files, or of idac.yaml (the format declaration)").choices(["catalog", "idac.yaml"]).default("catalog"))
    .action(async (o) => setExitCode(await runSchema({ for: o.for, ...(o.out ? { out: o.out } : {}) })));

  program
    .command("rules")
    .description("list the guardrail rules: idac's own, then the organisation's from rules/ with their files (docs/RULES.md is the Markdown output with --builtin)")
    .addOption(new Option("-f, --format <format>", "output format").choices(["md", "json"]).default("md"))
    .addOption(catalogOption())
    .option("--builtin", "only idac's own rules, not the catalog's rules/")
    .action(async (o) => setExitCode(await runRules({ format: o.format, ...(o.builtin ? {} : { catalog: o.catalog }) })));

  program
    .command("migrate")
    .description("bring the catalog to the current catalog format where the change is mechanical: shows the diff; --write makes it (exit 1 when a dry run found changes)")
    .addOption(catalogOption())
    .option("--write", "write the changes (default: only show them)")
    .action(async (o) => setExitCode(await runMigrate({ catalog: o.catalog, ...(o.write ? { write: true } : {}) })));

  program
    .command("sod")
    .description("print the segregation-of-duties matrix (roles × roles with the SoD rule IDs)")
    .addOption(catalogOption())
    .addOption(new Option("-f, --format <format>", "output format").choices(["md", "json"]).default("md"))
    .action(async (o) => setExitCode(await runSod({ catalog: o.catalog, format: o.format })));

  program
    .command("report")
    .description("audit evidence: access-matrix, privileged-access, access-reviews, conditional-access, coverage, findings, or all")
    .argument("<kind>", "access-matrix | privileged-access | access-reviews | conditional-access | coverage | findings | all | cleanup (with --from)")
    .addOption(catalogOption())
    .addOption(new Option("-f, --format <format>", "output format").choices(["md", "csv", "json", "html"]).default("md"))
    .option("--at <ref>", "the catalog as it was at this git revision")
    .option("-o, --out <dir>", "write files into this folder")
    .option("--from <dir>", "for 'cleanup': a Microsoft Graph export of the tenant")
    .action(async (kind: string, o) => {
      if (kind === "cleanup") {
        if (!o.from) {
          process.stderr.write("report cleanup needs --from <export folder>.\n");
          return setExitCode(2);
        }
        return setExitCode(await runCleanup({ from: o.from, catalog: o.catalog, format: o.format === "html" ? "md" : o.format }));
      }
      const kinds = ["access-matrix", "privileged-access", "access-reviews", "conditional-access", "coverage", "findings", "all"];
      if (!kinds.includes(kind)) {
        process.stderr.write(`Unknown report '${termText(kind)}'. Known: ${kinds.join(", ")}.\n`);
        return setExitCode(2);
      }
      setExitCode(await runReport({ catalog: o.catalog, kind: kind as "all", format: o.format, ...(o.at !== undefined ? { at: o.at } : {}), ...(o.out ? { out: o.out } : {}) }));
    });

  program
    .command("changelog")
    .description("the access change record from git history: author, date, pull request and semantic changes per commit")
    .addOption(catalogOption())
    .option("--since <ref|date>", "from this revision (exclusive) or date")
    .option("--until <ref|date>", "to this revision or date")
    .addOption(new Option("-f, --format <format>", "output format").choices(["md", "json"]).default("md"))
    .action(async (o) => setExitCode(await runChangelog({ catalog: o.catalog, format: o.format, ...(o.since !== undefined ? { since: o.since } : {}), ...(o.until !== undefined ? { until: o.until } : {}) })));

  program
    .command("diff")
    .description("the semantic access diff between two git revisions")
    .argument("<from>", "git revision")
    .argument("<to>", "git revision")
    .addOption(catalogOption())
    .addOption(new Option("-f, --format <format>", "output format").choices(["md", "json"]).default("md"))
    .action(async (from: string, to: string, o) => setExitCode(await runDiff({ catalog: o.catalog, from, to, format: o.format })));

  program
    .command("export")
    .description("export the tenant's groups, role assignments, PIM, conditional access and access packages as Graph JSON (read only)")
    .requiredOption("-o, --out <dir>", "folder to write the export into")
    .action(async (o) => setExitCode(await runExport({ out: o.out })));

  program
    .command("import")
    .description("adopt an existing tenant: write catalog entries (with Terraform import blocks) from a Graph export, and list what cannot be imported")
    .requiredOption("--from <dir>", "folder of a Microsoft Graph export (idac export)")
    .requiredOption("-o, --out <dir>", "catalog folder to write into (it declares the environment the export is from)")
    .option("-e, --env <id>", "environment the export is from (default: the only one)")
    .option("--manage-members", "let idac manage the membership of assigned groups, listing their current members (default: membership left as it is)")
    .option("--default-owner <upn...>", "owners for groups that have none in Entra")
    .addOption(new Option("-f, --format <format>", "output format").choices(["md", "json"]).default("md"))
    .action(async (o) =>
      setExitCode(
        await runImport({ from: o.from, out: o.out, format: o.format, ...(o.env ? { environment: o.env } : {}), ...(o.manageMembers ? { manageMembers: true } : {}), ...(o.defaultOwner ? { defaultOwners: o.defaultOwner } : {}) }),
      ),
    );

  program
    .command("drift")
    .description("compare the catalog with a Graph export of the tenant, in catalog terms, without Terraform")
    .requiredOption("--from <dir>", "folder of a Microsoft Graph export (idac export)")
    .addOption(catalogOption())
    .option("-e, --env <id>", "environment the export is from (default: the only one)")
    .addOption(new Option("-f, --format <format>", "output format").choices(["md", "json"]).default("md"))
    .action(async (o) => setExitCode(await runDrift({ catalog: o.catalog, from: o.from, format: o.format, ...(o.env ? { environment: o.env } : {}) })));

  program
    .command("whatif")
    .description("evaluate conditional access offline for one sign-in of a persona, with each policy's reason")
    .addOption(catalogOption())
    .requiredOption("--persona <id>", "persona ID (see `idac coverage`)")
    .requiredOption("--app <app>", "Office365, AzureManagement, MicrosoftAdminPortals, IntuneEnrollment, a catalog application's ID, client ID or display name, a Microsoft application's name (Exchange Online), or action:registerSecurityInfo")
    .addOption(new Option("--client <type>", "client app type").choices(["browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "other"]).default("browser"))
    .addOption(new Option("--platform <platform>", "device platform").choices(["windows", "macOS", "iOS", "android", "linux", "windowsPhone", "unknown"]).default("windows"))
    .option("--location <where>", "a named location's ID or display name, Trusted, Untrusted, Elsewhere, an IPv4/IPv6 address, or a country code (default: any other network)")
    .option("--country <code>", "the country the sign-in comes from (ISO 3166-1 alpha-2), with an address in --location")
    .addOption(new Option("--sign-in-risk <level>", "sign-in risk").choices(["none", "low", "medium", "high"]).default("none"))
    .addOption(new Option("--user-risk <level>", "user risk").choices(["none", "low", "medium", "high"]).default("none"))
    .addOption(new Option("--flow <flow>", "authentication flow").choices(["deviceCodeFlow", "authenticationTransfer"]))
    .option("-e, --env <id>", "environment (default: the last declared)")
    .addOption(formatOption())
    .action(async (o) =>
      setExitCode(
        await runWhatIf({
          catalog: o.catalog,
          persona: o.persona,
          format: o.format,
          ...(o.env ? { environment: o.env } : {}),
          ...(o.country ? { country: o.country } : {}),
          signIn: { app: o.app, client: o.client, platform: o.platform, signInRisk: o.signInRisk, userRisk: o.userRisk, ...(o.location ? { location: o.location } : {}), ...(o.flow ? { authenticationFlow: o.flow } : {}) },
        }),
      ),
    );

  program
    .command("coverage")
    .description("conditional access coverage: personas × applications × clients × platforms, and gaps (--base: what a change alters)")
    .addOption(catalogOption())
    .addOption(new Option("-f, --format <format>", "output format").choices(["md", "csv", "json"]).default("md"))
    .option("-e, --env <id...>", "only these environments")
    .option("--base <ref>", "list only cells whose outcome differs from this git revision")
    .action(async (o) => setExitCode(await runCoverage({ catalog: o.catalog, format: o.format, ...(o.env ? { environments: o.env } : {}), ...(o.base !== undefined ? { base: o.base } : {}) })));

  program
    .command("stacks")
    .description("list the stacks (JSON for a CI matrix); --changed --base <ref> lists only stacks whose Terraform differs")
    .addOption(catalogOption())
    .option("--changed", "only stacks that differ from --base")
    .option("--base <ref>", "git revision to compare with", "origin/main")
    .addOption(new Option("-f, --format <format>", "output format").choices(["json", "lines"]).default("json"))
    .action(async (o) => setExitCode(await runStacks({ catalog: o.catalog, format: o.format, ...(o.changed ? { changedSince: o.base } : {}) })));

  program
    .command("permissions")
    .description("Microsoft Graph permissions of the plan (read) and apply (write) identities, from the resource types in use")
    .addOption(catalogOption())
    .addOption(new Option("-f, --format <format>", "output format").choices(["md", "json"]).default("md"))
    .option("--repo <owner/repo>", "repository, for the federated credential subjects")
    .option("--environment <name>", "protected deployment environment of the apply job", "production")
    .action(async (o) => setExitCode(await runPermissions({ catalog: o.catalog, format: o.format, ...(o.repo ? { repo: o.repo } : {}), environment: o.environment })));

  const planCommand = (name: string, description: string) =>
    program
      .command(name)
      .description(description)
      .argument("[plan-json...]", "files from 'terraform show -json <planfile>', one per stack (named <stack>.json); none when no stack changed")
      .addOption(catalogOption())
      .option("--base <ref>", "the protected revision (the target branch): break-glass objects, limits and the guardrail policy come from it, and a change of the policy is a trip")
      .option("--allow <flags>", `comma-separated: ${ALLOW_FLAGS.join(", ")}`, (v: string) => v.split(",").map((x) => x.trim()).filter(Boolean), [] as string[])
      // Limits stay text here: the command refuses anything but a non-negative whole number (exit 2).
      .option("--max-deletes <n>", `deletions allowed per stack: only lowers the policy's planGate limit (default ${DEFAULT_GATE.limits.maxDeletes})`)
      .option("--max-changes <n>", `creations and updates allowed per stack: only lowers the policy's limit (default ${DEFAULT_GATE.limits.maxChanges})`)
      .option("--max-membership-removals <n>", `group membership removals allowed per stack: only lowers the policy's limit (default ${DEFAULT_GATE.limits.maxMembershipRemovals})`);

  planCommand("plan-summary", "summarise Terraform plans in catalog terms (Markdown for the pull request, or JSON)")
    .addOption(new Option("-f, --format <format>", "output format").choices(["md", "json"]).default("md"))
    .action(async (files: string[], o) => setExitCode(await runPlanSummary({ files, format: o.format, catalog: o.catalog, ...(o.base ? { base: o.base } : {}), allow: o.allow, maxDeletes: o.maxDeletes, maxChanges: o.maxChanges, maxMembershipRemovals: o.maxMembershipRemovals })));

  planCommand("plan-gate", "exit 1 when a plan needs explicit intent (destroy, replace, weakened CA or PIM, standing access, break-glass, foreign resources, …)")
    .addOption(new Option("-f, --format <format>", "output format").choices(["human", "json"]).default("human"))
    .action(async (files: string[], o) => setExitCode(await runPlanGate({ files, format: o.format === "json" ? "json" : "md", catalog: o.catalog, ...(o.base ? { base: o.base } : {}), allow: o.allow, maxDeletes: o.maxDeletes, maxChanges: o.maxChanges, maxMembershipRemovals: o.maxMembershipRemovals })));

  return program;
}
