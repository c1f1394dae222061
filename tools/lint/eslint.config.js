// The test suite's lint (npm run lint, part of npm test): the rules that keep a test from passing
// without proving anything. typescript-eslint parses the files; no type information is needed.
import vitest from "@vitest/eslint-plugin";
import tseslint from "typescript-eslint";

export default tseslint.config({
  files: ["test/**/*.ts", "sdk/test/**/*.ts", "services/*/test/**/*.ts"],
  languageOptions: { parser: tseslint.parser },
  plugins: { vitest },
  rules: {
    "vitest/expect-expect": ["error", { assertFunctionNames: ["expect", "expect*"] }],
    "vitest/no-conditional-expect": "error",
    "vitest/no-conditional-in-test": "error",
    "vitest/valid-title": "error",
  },
});
