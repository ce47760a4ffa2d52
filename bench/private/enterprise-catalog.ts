/**
 * A deterministic enterprise catalog written in idac's own file format (idac.yaml, environments/, roles/, policies/),
 * for the enterprise benchmark. Scale 1 is the size of a large organisation: 20 business domains, 10,000 business
 * roles (birthright from HR attributes, and requestable through access packages with approval stages, expiry and
 * reviews), 20,000 groups (assigned, unmanaged and dynamic), 300 conditional access policies, 20 privileged roles,
 * 200 segregation-of-duties rules and two environments (dev and prod). The same scale and seed write the same bytes.
 *
 * Run on its own: `npx tsx bench/private/enterprise-catalog.ts <dir> [scale] [seed]`.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { stringify } from "yaml";

/** What a generated catalog holds, for the benchmark's report. */
export interface EnterpriseCatalogSummary {
  readonly scale: number;
  readonly domains: number;
  readonly businessRoles: number;
  readonly birthrightRoles: number;
  readonly requestableRoles: number;
  readonly groups: number;
  readonly conditionalAccessPolicies: number;
  readonly privilegedRoles: number;
  readonly sodRules: number;
  readonly environments: readonly string[];
  readonly files: number;
  /** A requestable role and the file that declares it: the benchmark's one-role change edits it. */
  readonly sampleRequestableRole: { readonly id: string; readonly file: string; readonly domain: string };
}

const DOMAINS = [
  ["finance", "fin", "Finance"],
  ["human-resources", "hr", "Human Resources"],
  ["ict", "ict", "ICT"],
  ["supply-chain", "sc", "Supply Chain"],
  ["programmes", "prg", "Programmes"],
  ["legal", "leg", "Legal"],
  ["communications", "com", "Communications"],
  ["internal-audit", "aud", "Internal Audit"],
  ["security", "sec", "Security"],
  ["research", "res", "Research"],
  ["sales", "sal", "Sales"],
  ["marketing", "mkt", "Marketing"],
  ["facilities", "fac", "Facilities"],
  ["procurement", "pro", "Procurement"],
  ["logistics", "log", "Logistics"],
  ["health", "hlt", "Health Services"],
  ["education", "edu", "Education"],
  ["engineering", "eng", "Engineering"],
  ["risk", "rsk", "Risk Management"],
  ["treasury", "trs", "Treasury"],
] as const;

const PIM_ROLES = [
  "Global Administrator",
  "Privileged Role Administrator",
  "User Administrator",
  "Helpdesk Administrator",
  "Security Administrator",
  "Exchange Administrator",
  "SharePoint Administrator",
  "Teams Administrator",
  "Intune Administrator",
  "Application Administrator",
  "Cloud Application Administrator",
  "Groups Administrator",
  "Authentication Administrator",
  "Billing Administrator",
  "Compliance Administrator",
  "Conditional Access Administrator",
  "Security Reader",
  "Global Reader",
  "Reports Reader",
  "License Administrator",
] as const;

const JOB_TITLES = ["Analyst", "Officer", "Specialist", "Coordinator", "Manager", "Associate", "Assistant", "Advisor", "Lead", "Head of"];
const COUNTRIES = ["CH", "KE", "JO", "BD", "CO", "US", "GB", "DE", "FR", "IN", "ZA", "BR"];
const EMPLOYEE_TYPES = ["Staff", "Consultant", "Intern"];
const SENSITIVITIES = ["internal", "internal", "confidential", "highlyConfidential"] as const;
const FREQUENCIES = ["quarterly", "halfyearly", "annual", "monthly"] as const;
const PERSONAS = ["Global", "Admins", "Internals", "Externals", "Guests"] as const;
const PEOPLE_DOMAIN = "contoso.example";
const APPS_PER_DOMAIN = 3;
const APP_ROLES_PER_APP = 10;
const ROLES_PER_FILE = 100;
const GROUPS_PER_FILE = 250;

/** mulberry32: a small seeded generator, so the catalog is the same on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A GUID derived from a kind number and an index (stable, and unique per kind and index). */
const guid = (kind: number, i: number) => `${(0x10000000 + kind).toString(16)}-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
const person = (i: number) => `user${String(i).padStart(5, "0")}@${PEOPLE_DOMAIN}`;
const pad = (n: number, width: number) => String(n).padStart(width, "0");

class Writer {
  files = 0;
  constructor(private readonly root: string) {}
  async yaml(path: string, header: string, content: Record<string, unknown>): Promise<void> {
    const depth = path.split("/").length - 1;
    const schema = `# yaml-language-server: $schema=${"../".repeat(depth)}schema/catalog.schema.json`;
    await this.text(path, `${schema}\n# ${header}\n${stringify(content, { lineWidth: 0, flowCollectionPadding: false })}`);
  }
  async text(path: string, text: string): Promise<void> {
    const full = join(this.root, path);
    await mkdir(join(full, ".."), { recursive: true });
    await writeFile(full, text);
    this.files++;
  }
}

interface Sizes {
  rolesPerDomain: number;
  groupsPerDomain: number;
  caPolicies: number;
  privilegedRoles: number;
  sodRules: number;
}

function sizesFor(scale: number): Sizes {
  return {
    rolesPerDomain: Math.max(4, Math.round((10_000 * scale) / DOMAINS.length)),
    groupsPerDomain: Math.max(8, Math.round((20_000 * scale) / DOMAINS.length)),
    caPolicies: Math.max(20, Math.round(300 * scale)),
    privilegedRoles: Math.max(4, Math.min(PIM_ROLES.length, Math.round(20 * scale))),
    sodRules: Math.max(10, Math.round(200 * scale)),
  };
}

/** Writes the catalog into `dir` (which should be empty) and says what it holds. */
export async function writeEnterpriseCatalog(dir: string, scale = 1, seed = 1): Promise<EnterpriseCatalogSummary> {
  const rnd = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const sizes = sizesFor(scale);
  const w = new Writer(dir);
  const owners = (d: number) => [person(d * 100 + 1), person(d * 100 + 2)];

  await w.text("idac.yaml", "# The catalog format these files are written for (docs/catalog.md#format-version).\nformat: 2\n");
  await writeEnvironments(w);
  await w.yaml("roles/administrative-units.yaml", "Administrative units: one per region.", {
    administrativeUnits: ["africa", "americas", "asia-pacific", "europe", "middle-east"].map((r) => ({
      id: `au-${r}`,
      displayName: `Region ${r}`,
      description: `Groups administered by the ${r} service desk`,
    })),
  });

  let birthright = 0;
  let requestable = 0;
  let sample: EnterpriseCatalogSummary["sampleRequestableRole"] | undefined;
  for (const [d, [domain, code, department]] of DOMAINS.entries()) {
    const groupsOf = await writeDomainGroups(w, d, sizes.groupsPerDomain, pick);
    const roles: Record<string, unknown>[] = [];
    for (let r = 0; r < sizes.rolesPerDomain; r++) {
      const id = `${code}-role-${pad(r, 4)}`;
      const isBirthright = r % 5 < 2;
      const granted = [pick(groupsOf.grantable), pick(groupsOf.grantable), ...(r % 3 === 0 ? [pick(groupsOf.grantable)] : [])];
      const appRoles = Array.from(
        { length: 1 + (r % 2) },
        () => `${code}-app-${Math.floor(rnd() * APPS_PER_DOMAIN)}/ar-${Math.floor(rnd() * APP_ROLES_PER_APP)}`,
      );
      const role: Record<string, unknown> = {
        id,
        displayName: `${department} role ${r}`,
        description: `${department} ${isBirthright ? "birthright" : "requestable"} access bundle ${r}`,
        owners: owners(d),
        sensitivity: isBirthright ? "internal" : pick(SENSITIVITIES),
        entitlements: { groups: [...new Set(granted)].sort(), appRoles: [...new Set(appRoles)].sort() },
      };
      if (isBirthright) {
        birthright++;
        role.assignment = {
          type: "birthright",
          when: { department, employeeType: r % 4 === 0 ? ["Staff", "Consultant"] : "Staff", jobTitle: { startsWith: `${pick(JOB_TITLES)} ${r}` } },
        };
      } else {
        requestable++;
        role.assignment = requestAssignment(r, d, code, rnd);
        if (!sample) sample = { id, file: roleFile(domain, Math.floor(r / ROLES_PER_FILE)), domain };
      }
      roles.push(role);
    }
    for (let f = 0; f * ROLES_PER_FILE < roles.length; f++) {
      await w.yaml(roleFile(domain, f), `${department}: business roles ${f * ROLES_PER_FILE + 1}-${Math.min(roles.length, (f + 1) * ROLES_PER_FILE)}.`, {
        domain,
        businessRoles: roles.slice(f * ROLES_PER_FILE, (f + 1) * ROLES_PER_FILE),
      });
    }
  }

  await writePrivilegedRoles(w, sizes.privilegedRoles);
  await writeConditionalAccess(w, sizes, pick, rnd);
  await writeSod(w, sizes, rnd);
  await writePersonas(w);

  return {
    scale,
    domains: DOMAINS.length,
    businessRoles: birthright + requestable,
    birthrightRoles: birthright,
    requestableRoles: requestable,
    groups: DOMAINS.length * sizes.groupsPerDomain,
    conditionalAccessPolicies: sizes.caPolicies,
    privilegedRoles: sizes.privilegedRoles,
    sodRules: sizes.sodRules,
    environments: ["dev", "prod"],
    files: w.files,
    sampleRequestableRole: sample!,
  };
}

const roleFile = (domain: string, f: number) => `roles/${domain}/roles-${pad(f + 1, 2)}.yaml`;

async function writeEnvironments(w: Writer): Promise<void> {
  await w.yaml("environments/dev.yaml", "Development tenant: names prefixed DEV-, people's UPNs rewritten to its domain, local state.", {
    environments: [
      {
        id: "dev",
        displayName: "Development tenant",
        tenantId: guid(1, 1),
        namePrefix: "DEV-",
        breakGlass: { accounts: [guid(2, 1), guid(2, 2)], group: guid(3, 1) },
        upnDomains: { [PEOPLE_DOMAIN]: "contosodev.onmicrosoft.com" },
        domains: ["contosodev.onmicrosoft.com"],
        backend: { type: "local" },
      },
    ],
  });
  await w.yaml("environments/prod.yaml", "Production tenant: remote state in Azure Blob Storage.", {
    environments: [
      {
        id: "prod",
        displayName: "Production tenant",
        tenantId: guid(1, 2),
        namePrefix: "",
        breakGlass: { accounts: [guid(2, 3), guid(2, 4)], group: guid(3, 2) },
        domains: [PEOPLE_DOMAIN, "contoso.onmicrosoft.com"],
        backend: {
          type: "azurerm",
          subscriptionId: guid(4, 1),
          resourceGroupName: "rg-idac-state",
          storageAccountName: "stidacstateprod",
          containerName: "tfstate",
          keyPrefix: "idac/",
        },
      },
    ],
  });
}

interface DomainGroups {
  /** Assigned groups a business role may grant. */
  grantable: string[];
}

/** A domain's applications, catalog and groups: one dynamic "all staff" group, the rest assigned (idac-managed or not) and dynamic. */
async function writeDomainGroups(w: Writer, d: number, count: number, pick: <T>(items: readonly T[]) => T): Promise<DomainGroups> {
  const [domain, code, department] = DOMAINS[d]!;
  const owners = [person(d * 100 + 1), person(d * 100 + 2)];
  const groups: Record<string, unknown>[] = [
    {
      id: `${code}-staff-all`,
      displayName: `${code.toUpperCase()} All ${department}`,
      description: `Everyone in ${department}`,
      owners,
      membership: { type: "dynamic", when: { department } },
    },
  ];
  const grantable: string[] = [];
  for (let g = 1; g < count; g++) {
    const id = `${code}-grp-${pad(g, 4)}`;
    const kind = g % 10;
    const membership =
      kind < 6
        ? { type: "assigned", ...(g % 7 === 0 ? { members: [person(d * 100 + 10 + (g % 50))] } : {}) }
        : kind < 8
          ? { type: "assigned", managed: false }
          : { type: "dynamic", when: { department, country: pick(COUNTRIES), ...(kind === 9 ? { jobTitle: { startsWith: pick(JOB_TITLES) } } : {}) } };
    if (kind < 8) grantable.push(id);
    groups.push({
      id,
      displayName: `${code.toUpperCase()} Group ${g}`,
      description: `${department} workspace ${g}`,
      owners,
      membership,
      ...(g % 25 === 0 ? { administrativeUnit: `au-${["africa", "americas", "asia-pacific", "europe", "middle-east"][g % 5]}` } : {}),
      ...(g % 4 === 0 ? { sensitivity: "confidential" } : {}),
    });
  }
  await w.yaml(`roles/${domain}/applications.yaml`, `${department}: applications and the access package catalog.`, {
    domain,
    applications: Array.from({ length: APPS_PER_DOMAIN }, (_, a) => ({
      id: `${code}-app-${a}`,
      displayName: `${department} application ${a}`,
      clientId: guid(10 + d, a),
      appRoles: Array.from({ length: APP_ROLES_PER_APP }, (_, r) => ({
        id: `ar-${r}`,
        appRoleId: guid(100 + d, a * 100 + r),
        displayName: `${department} app ${a} role ${r}`,
        sensitivity: r === 0 ? "highlyConfidential" : r < 4 ? "confidential" : "internal",
      })),
    })),
    accessPackageCatalogs: [{ id: `cat-${code}`, displayName: department, description: `${department} systems and data` }],
  });
  for (let f = 0; f * GROUPS_PER_FILE < groups.length; f++) {
    await w.yaml(`roles/${domain}/groups-${pad(f + 1, 2)}.yaml`, `${department}: groups.`, {
      domain,
      groups: groups.slice(f * GROUPS_PER_FILE, (f + 1) * GROUPS_PER_FILE),
    });
  }
  return { grantable };
}

function requestAssignment(r: number, d: number, code: string, rnd: () => number): Record<string, unknown> {
  const manager = person(d * 100 + 3);
  const twoStages = r % 3 === 0;
  const stages: Record<string, unknown>[] = [{ approvers: ["manager"], backupApprovers: [manager], timeoutDays: 7 }];
  if (twoStages) {
    stages.push({
      approvers: [person(d * 100 + 4), person(d * 100 + 5)],
      backupApprovers: [manager],
      timeoutDays: 5,
      escalation: { afterDays: 3, approvers: [person(d * 100 + 6)] },
    });
  }
  const expiry = r % 7 === 0 ? { onDate: "2028-06-30" } : { afterDays: [90, 180, 365][Math.floor(rnd() * 3)] };
  return {
    type: "request",
    catalog: `cat-${code}`,
    requestors: { scope: "groups", groups: [`${code}-staff-all`] },
    requestorJustificationRequired: r % 2 === 0,
    approval: { stages },
    expiry,
    extensionAllowed: r % 4 !== 0,
    review: {
      frequency: FREQUENCIES[r % FREQUENCIES.length],
      reviewers: r % 5 === 0 ? [`group:${code}-grp-0001`] : "manager",
      durationDays: 14,
      whenNoResponse: "removeAccess",
      justificationRequired: true,
    },
  };
}

async function writePrivilegedRoles(w: Writer, count: number): Promise<void> {
  // Two tenant administrators eligible for Global Administrator own every PIM group (owners hold a stronger role).
  const admins = [person(9001), person(9002)];
  await w.yaml("roles/privileged.yaml", "Privileged directory roles through PIM for Groups: eligible, never permanent.", {
    privilegedRoles: PIM_ROLES.slice(0, count).map((role, i) => ({
      id: `pim-${role.toLowerCase().replaceAll(" ", "-")}`,
      directoryRole: role,
      group: { displayName: `PIM-${role.replaceAll(" ", "-")}`, description: `Eligible ${role}s`, owners: admins },
      eligible: (i === 0 ? admins : [person(9010 + i), person(9040 + i)]).map((principal) => ({
        principal,
        durationDays: 90,
        justification: `${role} duties`,
      })),
      activation: { maxDurationHours: i < 2 ? 1 : 4, requireTicket: i < 4, approvers: i < 10 ? admins : [] },
      eligibilityMaxDays: 90,
    })),
  });
}

async function writeConditionalAccess(w: Writer, sizes: Sizes, pick: <T>(items: readonly T[]) => T, rnd: () => number): Promise<void> {
  await w.yaml("policies/named-locations.yaml", "Named locations and authentication strengths.", {
    namedLocations: [
      ...Array.from({ length: 8 }, (_, i) => ({
        id: `office-${i}`,
        displayName: `Office network ${i}`,
        ip: { ranges: [`198.51.${100 + i}.0/24`], trusted: true },
      })),
      { id: "blocked-countries", displayName: "Blocked countries", countries: { codes: ["KP", "IR", "SY"], includeUnknown: false } },
      { id: "operating-countries", displayName: "Countries of operation", countries: { codes: [...COUNTRIES].sort() } },
    ],
    authenticationStrengths: [{ id: "fido2-or-whfb", displayName: "FIDO2 or Windows Hello", allowedCombinations: ["fido2", "windowsHelloForBusiness"] }],
  });
  const perPersona = Math.ceil(sizes.caPolicies / PERSONAS.length);
  for (const [p, persona] of PERSONAS.entries()) {
    const policies: Record<string, unknown>[] = [];
    for (let k = 0; k < perPersona && p * perPersona + k < sizes.caPolicies; k++) {
      const i = p * perPersona + k;
      const number = pad(p * 100 + k, 3);
      const d = i % DOMAINS.length;
      const [, code] = DOMAINS[d]!;
      const app = `${code}-app-${i % APPS_PER_DOMAIN}`;
      const users =
        persona === "Admins"
          ? { include: { roles: [pick(PIM_ROLES), pick(PIM_ROLES)].filter((r, j, a) => a.indexOf(r) === j) } }
          : persona === "Guests"
            ? { include: { guestsOrExternalUsers: ["b2bCollaborationGuest"] } }
            : persona === "Global"
              ? { include: { all: true }, exclude: { groups: [`${code}-grp-${pad(1 + (i % 5), 4)}`] } }
              : { include: { groups: [`${code}-staff-all`] } };
      const grant =
        i % 9 === 0
          ? { block: true }
          : i % 4 === 0
            ? { authenticationStrength: i % 8 === 0 ? "fido2-or-whfb" : "phishingResistantMfa" }
            : { operator: i % 2 ? "OR" : "AND", controls: i % 3 ? ["mfa"] : ["mfa", "compliantDevice"] };
      policies.push({
        id: `ca${number}-${persona.toLowerCase()}-${code}-${i}`,
        displayName: `CA${number}-${persona}-BaseProtection-${code.toUpperCase()}App${i % APPS_PER_DOMAIN}-AnyPlatform-${i % 9 === 0 ? "Block" : "MFA"}`,
        description: `Generated policy ${i} for ${persona.toLowerCase()}`,
        state: ["enabled", "reportOnly", "enabled", "disabled"][i % 4],
        users,
        applications: { include: i % 6 === 0 ? ["All"] : [app, ...(i % 2 ? ["Office365"] : [])] },
        ...(i % 3 === 0 ? { clientAppTypes: ["browser", "mobileAppsAndDesktopClients"] } : {}),
        ...(i % 7 === 0 ? { platforms: { include: ["all"], exclude: ["windows", "macOS"] } } : {}),
        ...(i % 5 === 0 ? { locations: { include: ["All"], exclude: i % 2 ? ["AllTrusted"] : [`office-${i % 8}`] } } : {}),
        ...(i % 11 === 0 ? { signInRiskLevels: ["high", "medium"] } : {}),
        ...(i % 13 === 0 ? { userRiskLevels: ["high"] } : {}),
        grant,
        ...(i % 10 === 1 ? { session: { signInFrequency: { hours: 1 + Math.floor(rnd() * 12) }, persistentBrowser: "never" } } : {}),
      });
    }
    await w.yaml(`policies/conditional-access/${persona.toLowerCase()}.yaml`, `Conditional access: ${persona}.`, { conditionalAccessPolicies: policies });
  }
}

async function writeSod(w: Writer, sizes: Sizes, rnd: () => number): Promise<void> {
  // Requestable roles (r % 5 is 2, 3 or 4), a maker and a checker from different thirds of the domain.
  const blocks = Math.max(1, Math.floor(sizes.rolesPerDomain / 5));
  const role = (d: number, offset: number) => `role:${DOMAINS[d]![1]}-role-${pad(5 * Math.floor(rnd() * blocks) + offset, 4)}`;
  await w.yaml("policies/sod.yaml", "Segregation of duties: combinations of access nobody should hold together.", {
    sodRules: Array.from({ length: sizes.sodRules }, (_, i) => {
      const d = i % DOMAINS.length;
      const [, code, department] = DOMAINS[d]!;
      return {
        id: `sod-${code}-${pad(i, 3)}`,
        title: `Nobody should hold both ${department} duty sets ${i}`,
        rationale: `Holding both sides of ${department} rule ${i} lets one person commit and conceal an error or a fraud.`,
        severity: ["low", "medium", "high", "critical"][i % 4],
        conflictingSets: [
          { name: "Maker", entitlements: [role(d, 2)] },
          { name: "Checker", entitlements: [role(d, 4)] },
        ],
      };
    }),
  });
}

async function writePersonas(w: Writer): Promise<void> {
  await w.yaml("policies/personas.yaml", "Representative people for the conditional access what-if and coverage.", {
    personas: [
      ...DOMAINS.slice(0, 10).map(([domain, , department], i) => ({
        id: `${domain}-staff`,
        displayName: `${department} staff member`,
        hr: { department, employeeType: EMPLOYEE_TYPES[i % 3], country: COUNTRIES[i % COUNTRIES.length] },
      })),
      { id: "partner-guest", displayName: "Partner (guest)", userType: "guest", guestType: "b2bCollaborationGuest" },
      {
        id: "global-admin",
        displayName: "Global Administrator (activated)",
        hr: { department: "ICT", employeeType: "Staff" },
        directoryRoles: ["Global Administrator"],
        device: { compliant: true },
      },
      { id: "break-glass", displayName: "Break-glass account", breakGlass: true },
    ],
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [dir, scale, seed] = process.argv.slice(2);
  if (!dir) throw new Error("usage: tsx bench/private/enterprise-catalog.ts <dir> [scale] [seed]");
  console.log(JSON.stringify(await writeEnterpriseCatalog(dir, scale ? Number(scale) : 1, seed ? Number(seed) : 1), null, 2));
}
