export { buildApp, ConstructProblems, synthesize, synthesizeInto, type SynthOptions, type SynthResult } from "./app";
export { StackLayoutError } from "./dependencies";
export { buildEnvironmentStacks, EnvironmentStacks } from "./environment";
export { stackPlanFor, type Extension, type ExtensionContext } from "./extensions";
export { AZUREAD_PROVIDER_CONSTRAINT, IdentityStack, LOCAL_STATE_PATH, TERRAFORM_VERSION_CONSTRAINT } from "./identity-stack";
export { EXTENSION_FILES, loadExtension } from "./load-extension";
export { StackSelectionError, synthesizeStacks, type SelectedSynthResult } from "./select";
