/** Helpers for an organisation's own catalog tests (`import … from "idac/testing"`), usable from any test runner. */
export {
  checkCatalog,
  loadValidCatalog,
  whatIf,
  rolesGranting,
  type AccessPath,
  type CatalogCheck,
  type CheckOptions,
  type WhatIfQuery,
} from "./catalog-tests";
