import type { CodegenConfig } from "@graphql-codegen/cli";

// Typed operations from the SDL the server exports (`tipgraph schema` > schema.graphql); never by hand.
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
  },
};
export default config;
