/**
 * Exports as other tools write them, made from an export idac's fixture writer gives (`graphExportOf`): the beta
 * endpoint's full metadata, one object per file, and the bytes Windows PowerShell 5 writes.
 */

const BETA = "https://graph.microsoft.com/beta";

/** The bytes Windows PowerShell 5 writes for text with `Out-File` or `>`: UTF-16LE with a byte order mark, CRLF line ends. */
export function windowsPowerShellBytes(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace(/\r?\n/g, "\r\n"), "utf16le")]);
}

/** JSON indented as Windows PowerShell 5's ConvertTo-Json writes it (four spaces, two after the colon). */
function powerShellJson(value: unknown): string {
  return JSON.stringify(value, null, 4).replace(/^(\s*"(?:[^"\\]|\\.)*"):/gm, "$1: ");
}

/** Per-object page folders: they stay pages (their file names say whose pages they are). */
const PER_OBJECT =
  /^(groupMembers|administrativeUnitMembers|groupAppRoleAssignments|groupEligibilitySchedules|groupAssignmentSchedules|groupRoleManagementPolicies)\//;

/** Beta-only properties, as the beta endpoint returns them where nothing is set. */
const BETA_NULLS: Record<string, Record<string, unknown>> = {
  conditionalAccessPolicies: { partialEnablementStrategy: null, deletedDateTime: null },
  conditions: { agentIdRiskLevels: null, deviceStates: null, times: null, insiderRiskLevels: null },
  applications: { includeAuthenticationContextClassReferences: [], applicationFilter: null, globalSecureAccess: null, networkAccess: null },
  sessionControls: { networkAccessSecurity: null, globalSecureAccessFilteringProfile: null, continuousAccessEvaluation: null, secureSignInSession: null },
  groups: {
    createdByAppId: null,
    organizationId: null,
    infoCatalogs: [],
    membershipRuleProcessingStatus: null,
    writebackConfiguration: { isEnabled: null, onPremisesGroupType: null },
  },
};

/**
 * The same tenant as a beta export written by Windows PowerShell: every collection page split into one file per
 * object (`<collection>/<object id>.json`, with the `…/$entity` context), annotations at every depth (`@odata.type` on
 * each nested object that has none, `@odata.id`, `@odata.etag`, a navigation link and a `#microsoft.graph.*` action
 * on each object), the beta-only properties null or empty, and each file as PowerShell's bytes.
 */
export function betaPowerShellExport(files: Record<string, unknown>): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const [file, page] of Object.entries(files)) {
    // A page, or one object (the authentication methods policy), which is its own page of one.
    const { "@odata.context": _context, ...single } = page as Record<string, unknown>;
    const value = (page as { value?: Record<string, unknown>[] }).value ?? [single];
    if (PER_OBJECT.test(file)) {
      out[file] = windowsPowerShellBytes(
        powerShellJson({ "@odata.context": `${BETA}/$metadata#${file.split("/")[0]}`, value: value.map((o) => annotated(o, "")) }),
      );
      continue;
    }
    const collection = file.split("/")[0]!;
    for (const object of value) {
      const entity = { "@odata.context": `${BETA}/$metadata#${collection}/$entity`, ...withBetaNulls(annotated(object, collection), collection) };
      out[`${collection}/${String(object.id)}.json`] = windowsPowerShellBytes(powerShellJson(entity));
    }
  }
  return out;
}

function annotated(value: unknown, key: string): unknown {
  if (Array.isArray(value)) return value.map((v) => annotated(v, ""));
  if (!value || typeof value !== "object") return value;
  const o = value as Record<string, unknown>;
  const out: Record<string, unknown> = Object.hasOwn(o, "@odata.type") ? {} : { "@odata.type": `#microsoft.graph.${key || "entity"}Beta` };
  for (const [k, v] of Object.entries(o)) {
    out[k] = annotated(v, k);
    if (v && typeof v === "object") out[`${k}@odata.navigationLink`] = `${BETA}/navigation/${k}`;
  }
  if (typeof o.id === "string")
    Object.assign(out, {
      "@odata.id": `${BETA}/directoryObjects/${o.id}`,
      "@odata.etag": 'W/"JzEtRGlyZWN0b3J5T2JqZWN0"',
      "#microsoft.graph.restore": { title: "microsoft.graph.restore", target: `${BETA}/directoryObjects/${o.id}/microsoft.graph.restore` },
    });
  return out;
}

function withBetaNulls(o: unknown, collection: string): Record<string, unknown> {
  const object = o as Record<string, unknown>;
  const add = (target: unknown, extra: Record<string, unknown> | undefined) =>
    target && typeof target === "object" && extra ? Object.assign(target, extra) : target;
  add(object, BETA_NULLS[collection]);
  if (collection === "conditionalAccessPolicies") {
    const conditions = object.conditions as Record<string, unknown>;
    add(conditions, BETA_NULLS.conditions);
    add(conditions.applications, BETA_NULLS.applications);
    add(object.sessionControls, BETA_NULLS.sessionControls);
  }
  return object;
}
