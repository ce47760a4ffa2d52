import { AzureCliCredential, ChainedTokenCredential, ClientCertificateCredential, WorkloadIdentityCredential, type TokenCredential } from "@azure/identity";
import cliProgress from "cli-progress";
import { exportTenant, LEAVE_DATES_PERMISSION } from "../../brownfield/export";
import { OutputRefused } from "../../output/output-folder";
import { termText } from "../../escape";
import { EXIT, type ExitCode } from "../exit-codes";
import { processOutput, type Output } from "../render";

export interface ExportOptions {
  /** Folder the export replaces when it succeeded: new, empty, or an earlier export. */
  readonly out: string;
  /** For tests: a Graph-compatible endpoint on loopback and a fixed token. */
  readonly baseUrl?: string;
  readonly token?: string;
  /** Also export users' employeeLeaveDateTime (needs {@link LEAVE_DATES_PERMISSION}). */
  readonly leaveDates?: boolean;
}

/**
 * The read-only credential: workload identity federation (OIDC, in pipelines), a client certificate, or the
 * signed-in Azure CLI. There is deliberately no client-secret option.
 */
function credential(): TokenCredential {
  const chain: TokenCredential[] = [];
  if (process.env.AZURE_FEDERATED_TOKEN_FILE && process.env.AZURE_CLIENT_ID && process.env.AZURE_TENANT_ID) chain.push(new WorkloadIdentityCredential());
  if (process.env.AZURE_CLIENT_CERTIFICATE_PATH && process.env.AZURE_CLIENT_ID && process.env.AZURE_TENANT_ID) {
    chain.push(
      new ClientCertificateCredential(process.env.AZURE_TENANT_ID, process.env.AZURE_CLIENT_ID, { certificatePath: process.env.AZURE_CLIENT_CERTIFICATE_PATH }),
    );
  }
  chain.push(new AzureCliCredential());
  return new ChainedTokenCredential(...chain);
}

/** `idac export --out <dir>`: the tenant's groups, roles, PIM, conditional access and access packages as Graph JSON. */
export async function runExport(options: ExportOptions, out: Output = processOutput): Promise<ExitCode> {
  const cred = options.token ? undefined : credential();
  const getToken = async () => options.token ?? (await cred!.getToken("https://graph.microsoft.com/.default"))!.token;
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar({ format: "{collection} | page {pages} | {items} objects", stream: process.stderr }, cliProgress.Presets.shades_classic)
    : undefined;
  bar?.start(1, 0, { collection: "", pages: 0, items: 0 });
  try {
    const summary = await exportTenant({
      out: options.out,
      getToken,
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      ...(options.leaveDates ? { leaveDates: true } : {}),
      onProgress: (e) => {
        if (bar) bar.update(0, { ...e, collection: termText(e.collection) });
        else if (e.done && !/^(members|app roles|PIM) of /.test(e.collection))
          out.stderr(`${termText(e.collection)}: ${e.items} object(s) in ${e.pages} page(s)\n`);
      },
    });
    bar?.stop();
    out.stderr(`Exported to ${options.out}: ${summary.requests} request(s), ${summary.throttled} throttled and retried.\n`);
    return EXIT.ok;
  } catch (err) {
    bar?.stop();
    if (err instanceof OutputRefused) out.stderr(`${err.message}\n`);
    else
      out.stderr(
        `Export failed: ${termText((err as Error).message)}. The previous export, if any, was left as it was.` +
          (options.leaveDates ? ` --leave-dates needs the ${LEAVE_DATES_PERMISSION} permission besides User.Read.All.` : "") +
          "\n",
      );
    return EXIT.invalidInput;
  }
}
