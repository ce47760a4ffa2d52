/** idac's version, from its package.json (the one place it is kept). */
export { IDAC_VERSION } from "../package-files";
