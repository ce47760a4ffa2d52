// Lint for correctness, not style: Prettier formats (see .prettierrc.json and the README's development section).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "cdktf.out/", "dist/", ".gen/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: "module", globals: { process: "readonly", console: "readonly", URL: "readonly", __dirname: "readonly" } },
    rules: {
      // Arguments and destructured names kept for their position or to omit a property start with an underscore.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
      eqeqeq: ["error", "always", { null: "ignore" }],
      "no-console": "off",
      // A variable a closure reads but that is assigned once later (the stacks of an environment) stays a let.
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
      // idac finds and escapes control characters in untrusted text (terminal, CI annotations, Markdown) on purpose.
      "no-control-regex": "off",
    },
  },
  {
    // The character classes list invisible and combining characters one by one, which is what they look for.
    files: ["src/escape/**/*.ts"],
    rules: { "no-misleading-character-class": "off" },
  },
  {
    // Tests read JSON (plans, Terraform, Graph exports) whose shape is what they assert.
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
