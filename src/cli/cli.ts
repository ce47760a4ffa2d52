import { Command, Option } from "commander";
import { termText } from "../escape/terminal";
import { ALLOW_FLAGS, DEFAULT_GATE } from "../plan/gate-options";
import { EXIT } from "./exit-codes";

/**
 * The names `idac report` accepts, checked before any report code loads (so `--help` stays light); a test keeps them
 * equal to the report kinds src/reports/audit defines.
 */
export const REPORT_NAMES: readonly string[] = [
  "access-matrix",
  "privileged-access",
  "access-reviews",
  "conditional-access",
  "coverage",
  "findings",
  "lifecycle-workflows",
  "authentication-methods",
  "directory-role-settings",
  "people-access",
  "leavers-residual-access",
  "all",
];

const catalogOption = () => new Option("-c, --catalog <dir>", "catalog root (holds environments/, roles/, policies/)").default(".");
const baseOptions = (c: Command) =>
  c
    .option("--base <ref>", "git revision to compare with: changes that would replace objects are errors unless the entry says replace: true", "HEAD")
    .option("--no-base", "do not compare with a git revision");
/** `--base`, and whether it is the default HEAD (tolerated outside a repository) rather than one the user named. */
const baseOf = (o: { base?: string | false }, command: Command) =>
  typeof o.base === "string" ? { base: o.base, ...(command.getOptionValueSource("base") === "default" ? { defaultBase: true } : {}) } : {};
const commaList = (v: string, previous: string[] = []) => [
  ...previous,
  ...v
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean),
];
const formatOption = () => new Option("-f, --format <format>", "output format").choices(["human", "json"]).default("human");

/**
 * Wires the commands; each command lives in its own file and returns its exit code. A command's module is imported
 * when the command runs, so `idac validate` loads neither cdktf nor the provider bindings that only synth needs.
 */
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
      .addOption(
        new Option("-f, --format <format>", "output format (sarif: the findings as SARIF 2.1.0 on stdout)")
          .choices(["human", "json", "sarif"])
          .default("human"),
      )
      .option("--sarif <file>", "also write the findings as SARIF 2.1.0 to this file (GitHub code scanning)")
      .option(
        "--allow <flags>",
        "comma-separated intent for policy changes against --base: policy-change, break-glass (pull request labels allow-…)",
        commaList,
        [] as string[],
      ),
  ).action(async (o, command: Command) =>
    setExitCode(
      await (
        await import("./commands/validate")
      ).runValidate({ catalog: o.catalog, format: o.format, allow: o.allow, ...(o.sarif ? { sarif: o.sarif } : {}), ...baseOf(o, command) }),
    ),
  );

  baseOptions(
    program
      .command("synth")
      .description("validate, then synthesize Terraform JSON for every stack into cdktf.out/ (nothing is written on error)")
      .addOption(catalogOption())
      .addOption(formatOption())
      .option("-o, --out <dir>", "output folder", "cdktf.out")
      .option("-e, --env <id...>", "only these environments")
      .option("-s, --stack <name...>", "write only these stacks, keeping the output folder's other stacks as they were"),
  ).action(async (o, command: Command) => {
    // Before anything is loaded: synthesis of a large tenant otherwise lets V8 hold several times its live memory.
    (await import("../stacks/heap-growth")).boundHeapGrowthForSynthesis();
    setExitCode(
      await (
        await import("./commands/synth")
      ).runSynth({
        catalog: o.catalog,
        out: o.out,
        format: o.format,
        ...baseOf(o, command),
        ...(o.env ? { environments: o.env } : {}),
        ...(o.stack ? { stacks: o.stack } : {}),
      }),
    );
  });

  program
    .command("init")
    .description(
      "create a catalog repository: the starter catalog (or --example, or --from a Graph export), tests, pipelines, package.json; prompts on a terminal",
    )
    .argument("[dir]", "folder to create (new or empty)", ".")
    .option("--example", "copy the bundled example catalog instead of the starter")
    .option("--from <dir>", "import this Microsoft Graph export (idac export) instead of the starter catalog")
    .option("--tenant-id <guid>", "Entra tenant ID of the environment (default: a placeholder to fill in)")
    .option("--break-glass <ids>", "object IDs of the emergency-access accounts, comma-separated (default: placeholders)")
    .option("--state <backend>", "Terraform state: local, or <resource group>/<storage account>[/<container>] (default: placeholders)")
    .option("--idac <spec>", "where idac comes from in package.json: a version, a tarball path, a git URL (default: this version exactly)")
    .option("--no-install", "do not run npm install (which writes the lock file npm ci needs)")
    .option("--no-input", "never prompt, even on a terminal")
    .action(async (dir: string, o) => {
      const { runInit, parseState, splitList } = await import("./commands/init");
      const breakGlass = o.breakGlass !== undefined ? (splitList(o.breakGlass) ?? []) : undefined;
      const values = {
        ...(o.tenantId ? { tenantId: o.tenantId } : {}),
        ...(breakGlass ? { breakGlass } : {}),
        ...(o.state ? { state: parseState(o.state) } : {}),
      };
      const interactive = o.input && process.stdin.isTTY === true && process.stderr.isTTY === true;
      setExitCode(
        await runInit({
          dir,
          values,
          install: o.install,
          interactive,
          ...(o.example ? { example: true } : {}),
          ...(o.from ? { from: o.from } : {}),
          ...(o.idac ? { idac: o.idac } : {}),
        }),
      );
    });

  program
    .command("schema")
    .description("print the JSON Schema of catalog files (or write it with --out)")
    .option("-o, --out <file>", "write to this file")
    .addOption(
      new Option("--for <file>", "the schema of catalog files, or of idac.yaml (the format declaration)").choices(["catalog", "idac.yaml"]).default("catalog"),
    )
    .action(async (o) => setExitCode(await (await import("./commands/schema")).runSchema({ for: o.for, ...(o.out ? { out: o.out } : {}) })));

  program
    .command("rules")
    .description(
      "list the guardrail rules: idac's own, then the organisation's from rules/ with their files (docs/RULES.md is the Markdown output with --builtin)",
    )
    .addOption(new Option("-f, --format <format>", "output format").choices(["md", "json"]).default("md"))
    .addOption(catalogOption())
    .option("--builtin", "only idac's own rules, not the catalog's rules/")
    .action(async (o) => setExitCode(await (await import("./commands/rules")).runRules({ format: o.format, ...(o.builtin ? {} : { catalog: o.catalog }) })));

  program
    .command("migrate")
    .description(
      "bring the catalog to the current catalog format where the change is mechanical: shows the diff; --write makes it (exit 1 when a dry run found changes)",
    )
    .addOption(catalogOption())
    .option("--write", "write the changes (default: only show them)")
    .action(async (o) => setExitCode(await (await import("./commands/migrate")).runMigrate({ catalog: o.catalog, ...(o.write ? { write: true } : {}) })));

  program
    .command("sod")
    .description("print the segregation-of-duties matrix (roles × roles with the SoD rule IDs)")
    .addOption(catalogOption())
    .addOption(new Option("-f, --format <format>", "output format").choices(["md", "json"]).default("md"))
    .option("-p, --people <file>", "HR snapshot (CSV, Graph export folder or users JSON): also list the people who hold both sides of a rule now")
    .action(async (o) =>
      setExitCode(await (await import("./commands/sod")).runSod({ catalog: o.catalog, format: o.format, ...(o.people ? { people: o.people } : {}) })),
    );

  program
    .command("report")
    .description(
      "audit evidence: access-matrix, privileged-access, access-reviews, conditional-access, coverage, findings, " +
        "lifecycle-workflows, authentication-methods, directory-role-settings, or all",
    )
    .argument(
      "<kind>",
      "access-matrix | privileged-access | access-reviews | conditional-access | coverage " +
        "| findings | lifecycle-workflows | authentication-methods | directory-role-settings " +
        "| people-access | leavers-residual-access (with --people) | all | cleanup " +
        "(with --from)",
    )
    .addOption(catalogOption())
    .addOption(new Option("-f, --format <format>", "output format").choices(["md", "csv", "json", "html"]).default("md"))
    .option("--at <ref>", "the catalog as it was at this git revision")
    .option("-o, --out <dir>", "write files into this folder")
    .option("--from <dir>", "for 'cleanup': a Microsoft Graph export of the tenant")
    .option(
      "-p, --people <file>",
      "HR snapshot (CSV, Graph export folder or users JSON): adds access per person and leavers with residual access (people-access, leavers-residual-access)",
    )
    .action(async (kind: string, o) => {
      if (kind === "cleanup") {
        if (!o.from) {
          process.stderr.write("report cleanup needs --from <export folder>.\n");
          return setExitCode(2);
        }
        return setExitCode(
          await (await import("./commands/cleanup")).runCleanup({ from: o.from, catalog: o.catalog, format: o.format === "html" ? "md" : o.format }),
        );
      }
      if (!REPORT_NAMES.includes(kind)) {
        process.stderr.write(`Unknown report '${termText(kind)}'. Known: ${REPORT_NAMES.join(", ")}.\n`);
        return setExitCode(2);
      }
      setExitCode(
        await (
          await import("./commands/report")
        ).runReport({
          catalog: o.catalog,
          kind: kind as "all",
          format: o.format,
          ...(o.at !== undefined ? { at: o.at } : {}),
          ...(o.out ? { out: o.out } : {}),
          ...(o.people ? { people: o.people } : {}),
        }),
      );
    });

  program
    .command("changelog")
    .description("the access change record from git history: author, date, pull request and semantic changes per commit")
    .addOption(catalogOption())
    .option("--since <ref|date>", "from this revision (exclusive) or date")
    .option("--until <ref|date>", "to this revision or date")
    .addOption(new Option("-f, --format <format>", "output format").choices(["md", "json"]).default("md"))
    .action(async (o) =>
      setExitCode(
        await (
          await import("./commands/changelog")
        ).runChangelog({
          catalog: o.catalog,
          format: o.format,
          ...(o.since !== undefined ? { since: o.since } : {}),
          ...(o.until !== undefined ? { until: o.until } : {}),
        }),
      ),
    );

  program
    .command("diff")
    .description("the semantic access diff between two git revisions")
    .argument("<from>", "git revision")
    .argument("<to>", "git revision")
    .addOption(catalogOption())
    .addOption(new Option("-f, --format <format>", "output format").choices(["md", "json"]).default("md"))
    .action(async (from: string, to: string, o) =>
      setExitCode(await (await import("./commands/changelog")).runDiff({ catalog: o.catalog, from, to, format: o.format })),
    );

  program
    .command("export")
    .description("export the tenant's groups, role assignments, PIM, conditional access and access packages as Graph JSON (read only)")
    .requiredOption("-o, --out <dir>", "folder to write the export into")
    .option("--leave-dates", "also export users' employeeLeaveDateTime (needs User-LifeCycleInfo.Read.All besides User.Read.All)")
    .action(async (o) => setExitCode(await (await import("./commands/export")).runExport({ out: o.out, leaveDates: o.leaveDates === true })));

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
        await (
          await import("./commands/import")
        ).runImport({
          from: o.from,
          out: o.out,
          format: o.format,
          ...(o.env ? { environment: o.env } : {}),
          ...(o.manageMembers ? { manageMembers: true } : {}),
          ...(o.defaultOwner ? { defaultOwners: o.defaultOwner } : {}),
        }),
      ),
    );

  program
    .command("drift")
    .description("compare the catalog with a Graph export of the tenant, in catalog terms, without Terraform")
    .requiredOption("--from <dir>", "folder of a Microsoft Graph export (idac export)")
    .addOption(catalogOption())
    .option("-e, --env <id>", "environment the export is from (default: the only one)")
    .addOption(new Option("-f, --format <format>", "output format").choices(["md", "json"]).default("md"))
    .action(async (o) =>
      setExitCode(
        await (await import("./commands/drift")).runDrift({ catalog: o.catalog, from: o.from, format: o.format, ...(o.env ? { environment: o.env } : {}) }),
      ),
    );

  program
    .command("whatif")
    .description("evaluate conditional access offline for one sign-in of a persona, with each policy's reason")
    .addOption(catalogOption())
    .requiredOption("--persona <id>", "persona ID (see `idac coverage`)")
    .requiredOption(
      "--app <app>",
      "Office365, AzureManagement, MicrosoftAdminPortals, IntuneEnrollment, a catalog " +
        "application's ID, client ID or display name, a Microsoft application's name (Exchange " +
        "Online), or action:registerSecurityInfo",
    )
    .addOption(
      new Option("--client <type>", "client app type").choices(["browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "other"]).default("browser"),
    )
    .addOption(
      new Option("--platform <platform>", "device platform")
        .choices(["windows", "macOS", "iOS", "android", "linux", "windowsPhone", "unknown"])
        .default("windows"),
    )
    .option(
      "--location <where>",
      "a named location's ID or display name, Trusted, Untrusted, Elsewhere, an IPv4/IPv6 address, or a country code (default: any other network)",
    )
    .option("--country <code>", "the country the sign-in comes from (ISO 3166-1 alpha-2), with an address in --location")
    .addOption(new Option("--sign-in-risk <level>", "sign-in risk").choices(["none", "low", "medium", "high"]).default("none"))
    .addOption(new Option("--user-risk <level>", "user risk").choices(["none", "low", "medium", "high"]).default("none"))
    .addOption(new Option("--flow <flow>", "authentication flow").choices(["deviceCodeFlow", "authenticationTransfer"]))
    .option("-e, --env <id>", "environment (default: the last declared)")
    .addOption(formatOption())
    .action(async (o) =>
      setExitCode(
        await (
          await import("./commands/coverage")
        ).runWhatIf({
          catalog: o.catalog,
          persona: o.persona,
          format: o.format,
          ...(o.env ? { environment: o.env } : {}),
          ...(o.country ? { country: o.country } : {}),
          signIn: {
            app: o.app,
            client: o.client,
            platform: o.platform,
            signInRisk: o.signInRisk,
            userRisk: o.userRisk,
            ...(o.location ? { location: o.location } : {}),
            ...(o.flow ? { authenticationFlow: o.flow } : {}),
          },
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
    .action(async (o) =>
      setExitCode(
        await (
          await import("./commands/coverage")
        ).runCoverage({ catalog: o.catalog, format: o.format, ...(o.env ? { environments: o.env } : {}), ...(o.base !== undefined ? { base: o.base } : {}) }),
      ),
    );

  program
    .command("stacks")
    .description("list the stacks (JSON for a CI matrix); --changed --base <ref> lists only stacks whose Terraform differs")
    .addOption(catalogOption())
    .option("--changed", "only stacks that differ from --base")
    .option("--base <ref>", "git revision to compare with", "origin/main")
    .addOption(new Option("-f, --format <format>", "output format").choices(["json", "lines"]).default("json"))
    .action(async (o) =>
      setExitCode(
        await (await import("./commands/stacks")).runStacks({ catalog: o.catalog, format: o.format, ...(o.changed ? { changedSince: o.base } : {}) }),
      ),
    );

  program
    .command("permissions")
    .description("Microsoft Graph permissions of the plan (read) and apply (write) identities, from the resource types in use")
    .addOption(catalogOption())
    .addOption(new Option("-f, --format <format>", "output format").choices(["md", "json"]).default("md"))
    .option("--repo <owner/repo>", "repository, for the federated credential subjects")
    .option("--environment <name>", "protected deployment environment of the apply job", "production")
    .action(async (o) =>
      setExitCode(
        await (
          await import("./commands/permissions")
        ).runPermissions({ catalog: o.catalog, format: o.format, ...(o.repo ? { repo: o.repo } : {}), environment: o.environment }),
      ),
    );

  addPeopleCommands(program, setExitCode);

  const planCommand = (name: string, description: string) =>
    program
      .command(name)
      .description(description)
      .argument("[plan-json...]", "files from 'terraform show -json <planfile>', one per stack (named <stack>.json); none when no stack changed")
      .addOption(catalogOption())
      .option(
        "--base <ref>",
        "the protected revision (the target branch): break-glass objects, limits and the guardrail policy come from it, and a change of the policy is a trip",
      )
      .option(
        "--allow <flags>",
        `comma-separated: ${ALLOW_FLAGS.join(", ")}`,
        (v: string) =>
          v
            .split(",")
            .map((x) => x.trim())
            .filter(Boolean),
        [] as string[],
      )
      // Limits stay text here: the command refuses anything but a non-negative whole number (exit 2).
      .option("--max-deletes <n>", `deletions allowed per stack: only lowers the policy's planGate limit (default ${DEFAULT_GATE.limits.maxDeletes})`)
      .option("--max-changes <n>", `creations and updates allowed per stack: only lowers the policy's limit (default ${DEFAULT_GATE.limits.maxChanges})`)
      .option(
        "--max-membership-removals <n>",
        `group membership removals allowed per stack: only lowers the policy's limit (default ${DEFAULT_GATE.limits.maxMembershipRemovals})`,
      )
      .option("-p, --people <file>", "HR snapshot (CSV, Graph export folder or users JSON): the change's effect in people, against --base")
      .option("--max-people-affected <n>", "with --people: trip (large-change) when more people gain or lose anything")
      .option("--pseudonymise", "name people by stable pseudonyms (keyed by IDAC_PSEUDONYM_KEY), not UPNs");

  planCommand("plan-summary", "summarise Terraform plans in catalog terms (Markdown for the pull request, or JSON)")
    .addOption(new Option("-f, --format <format>", "output format").choices(["md", "json"]).default("md"))
    .action(async (files: string[], o) =>
      setExitCode(
        await (
          await import("./commands/plan")
        ).runPlanSummary({
          files,
          format: o.format,
          catalog: o.catalog,
          ...(o.base ? { base: o.base } : {}),
          allow: o.allow,
          maxDeletes: o.maxDeletes,
          maxChanges: o.maxChanges,
          maxMembershipRemovals: o.maxMembershipRemovals,
          ...peopleOptions(o),
        }),
      ),
    );

  planCommand(
    "plan-gate",
    "exit 1 when a plan needs explicit intent (destroy, replace, weakened CA or PIM, standing access, break-glass, foreign resources, …)",
  )
    .addOption(new Option("-f, --format <format>", "output format").choices(["human", "json"]).default("human"))
    .action(async (files: string[], o) =>
      setExitCode(
        await (
          await import("./commands/plan")
        ).runPlanGate({
          files,
          format: o.format === "json" ? "json" : "md",
          catalog: o.catalog,
          ...(o.base ? { base: o.base } : {}),
          allow: o.allow,
          maxDeletes: o.maxDeletes,
          maxChanges: o.maxChanges,
          maxMembershipRemovals: o.maxMembershipRemovals,
          ...peopleOptions(o),
        }),
      ),
    );

  return program;
}

const peopleOptions = (o: { people?: string; maxPeopleAffected?: string; pseudonymise?: boolean }) => ({
  ...(o.people ? { people: o.people } : {}),
  ...(o.maxPeopleAffected !== undefined ? { maxPeopleAffected: o.maxPeopleAffected } : {}),
  ...(o.pseudonymise ? { pseudonymise: true } : {}),
});
const peopleOption = () => new Option("-p, --people <file>", "HR snapshot (CSV, Graph export folder or users JSON; default: the IDAC_PEOPLE variable)");

/** access, jml, impact: people and their access, from an HR snapshot. */
function addPeopleCommands(program: Command, setExitCode: (code: number) => void): void {
  program
    .command("impact")
    .description("a change's effect in people: per changed role, group, PIM role or CA policy, who gains, loses, may request, becomes eligible or subject")
    .requiredOption("--base <ref>", "git revision to compare with (the pull request's target branch)")
    .addOption(catalogOption())
    .addOption(peopleOption())
    .option("-e, --env <id>", "environment for conditional access (default: the last declared)")
    .option("--pseudonymise", "name people by stable pseudonyms (keyed by IDAC_PSEUDONYM_KEY), not UPNs")
    .option("--csv <file>", "also write every affected person to this CSV file")
    .addOption(new Option("-f, --format <format>", "output format").choices(["human", "md", "json"]).default("human"))
    .action(async (o) =>
      setExitCode(
        await (
          await import("./commands/impact")
        ).runImpact({
          catalog: o.catalog,
          base: o.base,
          format: o.format,
          ...(o.people ? { people: o.people } : {}),
          ...(o.env ? { environment: o.env } : {}),
          ...(o.pseudonymise ? { pseudonymise: true } : {}),
          ...(o.csv ? { csv: o.csv } : {}),
        }),
      ),
    );

  program
    .command("access")
    .description("one person's effective access from the HR snapshot, with how each item is obtained")
    .argument("<upn>", "the person's user principal name")
    .addOption(catalogOption())
    .addOption(peopleOption())
    .option("-e, --env <id>", "environment for conditional access (default: the last declared)")
    .addOption(formatOption())
    .action(async (upn: string, o) =>
      setExitCode(
        await (
          await import("./commands/people")
        ).runAccess({ catalog: o.catalog, upn, format: o.format, ...(o.people ? { people: o.people } : {}), ...(o.env ? { environment: o.env } : {}) }),
      ),
    );

  program
    .command("jml")
    .description("joiner, mover, leaver: entitlements gained, retained and lost, residue, SoD and conditional access before and after")
    .argument("<kind>", "join | move | leave")
    .argument("<upn>", "the person's user principal name")
    .option(
      "--set <attribute=value...>",
      "HR values that change (move) or the new person's HR values (join), e.g. --set department=Programmes",
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .addOption(catalogOption())
    .addOption(peopleOption())
    .option("-e, --env <id>", "environment for conditional access (default: the last declared)")
    .option("--today <date>", "the day residue end dates are compared with (default: IDAC_TODAY, else today)")
    .addOption(formatOption())
    .action(async (kind: string, upn: string, o) => {
      const kinds = ["join", "move", "leave"];
      if (!kinds.includes(kind)) {
        process.stderr.write(`Unknown jml kind '${termText(kind)}'. Known: ${kinds.join(", ")}.\n`);
        return setExitCode(EXIT.invalidInput);
      }
      setExitCode(
        await (
          await import("./commands/people")
        ).runJml({
          catalog: o.catalog,
          kind: kind as "move",
          upn,
          set: o.set ?? [],
          format: o.format,
          ...(o.people ? { people: o.people } : {}),
          ...(o.env ? { environment: o.env } : {}),
          ...(o.today ? { today: o.today } : {}),
        }),
      );
    });
}
