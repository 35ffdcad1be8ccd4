import type { CodegenConfig } from "@graphql-codegen/cli";

// Typed operations from the SDL the server exports (`tipgraph schema` > schema.graphql); never by hand.
// The same SDL gives the normalised cache its schema (a minified introspection, built here, never fetched).
const config: CodegenConfig = {
  schema: "schema.graphql",
  documents: ["src/**/*.ts", "src/**/*.tsx", "!src/gql/**"],
  ignoreNoDocuments: true,
  generates: {
    "src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: { enumsAsTypes: true, useTypeImports: true, scalars: { DateTime: "string", JSON: "unknown" } },
    },
    "src/gql/introspection.ts": {
      plugins: ["urql-introspection"],
      config: { module: "es2015", useTypeImports: true, includeScalars: false, includeEnums: false, includeInputs: false, includeDirectives: false },
    },
  },
};
export default config;
