// The peer of bench/crossref.py: what a user could pick instead of tipgraph for a cross-reference.
// @neo4j/graphql on graphql-yoga, the same GraphQL query answered by one @cypher field whose statement is
// cypher/bench/linked_peer.cypher (the raw-driver floor runs the same file). No auth, scope or audit.
//
//   NEO4J_URI=bolt://127.0.0.1:7687 NEO4J_PASSWORD=... PORT=4000 node server.mjs
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { Neo4jGraphQL } from "@neo4j/graphql";
import { createYoga } from "graphql-yoga";
import neo4j from "neo4j-driver";

const source = readFileSync(new URL("../../cypher/bench/linked_peer.cypher", import.meta.url), "utf8");
// The file's header is comments; its first statement line finds the tip by id, which the field gets as `this`.
const body = source
  .split("\n")
  .filter((line) => !line.startsWith("//"))
  .join("\n")
  .replace("MATCH (t:Tip {id: $id})", "WITH this AS t");

const typeDefs = /* GraphQL */ `
  type Tip @node {
    id: ID!
    incidentType: String
    receivedAt: DateTime
    linkedTips(first: Int = 20): LinkedTipsPage!
      @cypher(statement: """${body}""", columnName: "linkedTips")
  }
  type LinkedTipNode {
    id: ID!
    incidentType: String
    receivedAt: DateTime
  }
  type SharedIdentifier {
    kind: String!
    key: String!
    weight: Float!
  }
  type LinkedTipEdge {
    weight: Float!
    node: LinkedTipNode!
    shared: [SharedIdentifier!]!
  }
  type LinkedTipsPage {
    totalCount: Int!
    skippedGenericIdentifiers: Int!
    edges: [LinkedTipEdge!]!
  }
  type Query {
    tip(id: ID!): Tip @cypher(statement: "MATCH (t:Tip {id: $id}) RETURN t", columnName: "t")
  }
`;

const driver = neo4j.driver(
  process.env.NEO4J_URI,
  neo4j.auth.basic(process.env.NEO4J_USER ?? "neo4j", process.env.NEO4J_PASSWORD),
);
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const yoga = createYoga({ schema, graphiql: false, logging: false });
const port = Number(process.env.PORT ?? 4000);
createServer(yoga).listen(port, "127.0.0.1", () => console.log(`peer listening on ${port}`));
